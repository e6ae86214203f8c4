package io.ringway.connectors.simulator;

import io.ringway.config.ConfigLoader;
import io.ringway.config.SimulatorConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorMainTest {
    @Test
    void shouldUseTheEmbeddedDefaultWithoutArguments() {
        assertThat(SimulatorMain.configFrom(new String[0])).isEqualTo(ConfigLoader.loadEmbeddedDefault().simulator());
    }

    @Test
    void shouldOverrideOnlyThePort() {
        SimulatorConfig embedded = ConfigLoader.loadEmbeddedDefault().simulator();

        SimulatorConfig config = SimulatorMain.configFrom(new String[] {"--port", "3776"});

        assertThat(config.port()).isEqualTo(3776);
        assertThat(config).usingRecursiveComparison().ignoringFields("port").isEqualTo(embedded);
    }

    @Test
    void shouldRefuseUnknownOptionsAndBadPorts() {
        assertThatThrownBy(() -> SimulatorMain.configFrom(new String[] {"--verbose"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> SimulatorMain.configFrom(new String[] {"--port", "70000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> SimulatorMain.configFrom(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeAHelpOptionAnywhereAsAskingForTheUsage() {
        assertThat(SimulatorMain.asksForHelp(new String[] {"--help"})).isTrue();
        assertThat(SimulatorMain.asksForHelp(new String[] {"--port", "3776", "-h"})).isTrue();
        assertThat(SimulatorMain.asksForHelp(new String[] {"--port", "3776"})).isFalse();
        assertThat(SimulatorMain.USAGE).startsWith("usage: ringway simulator [--port N] [--config FILE]");
    }
}
