package io.ringway.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine stays pure: protocol types are translated at the edges, never imported here. */
class ArchitectureTest {
    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ringway.engine");

    @Test
    void engineShouldNotDependOnNettyCloudhopperOrHttpCode() {
        noClasses().that().resideInAPackage("io.ringway.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.netty..", "com.cloudhopper..", "org.jsmpp..", "java.net.http..",
                        "com.sun.net.httpserver..", "jakarta.servlet..", "javax.servlet..")
                .check(engine);
    }

    @Test
    void engineShouldNotDependOnTheModulesAroundIt() {
        noClasses().that().resideInAPackage("io.ringway.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ringway.connectors..", "io.ringway.server..")
                .check(engine);
    }
}
