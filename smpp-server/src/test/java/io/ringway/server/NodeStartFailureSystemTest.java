package io.ringway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A node that cannot listen (its SMPP port taken) fails its start and releases what it had started: the
 * simulator's port, the upstream binds, the journal; a node on free ports then starts on the same data. A node whose
 * journal cannot be written fails at once with one line naming the directory and why.
 */
@Timeout(60)
class NodeStartFailureSystemTest {
    @TempDir
    Path data;

    @Test
    void shouldFailToStartOnAPortInUseAndLeaveNothingRunning() throws Exception {
        int simulatorPort = TestNodes.freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            RingwayNode node = new RingwayNode(TestNodes.config(data, taken.getLocalPort(), simulatorPort, true,
                    "10ms"));

            Throwable failure = catchThrowable(node::start);

            assertThat(failure).isInstanceOf(BindException.class); // Netty throws it undeclared
        }
        try (ServerSocket simulatorFree = new ServerSocket(simulatorPort, 50, InetAddress.getLoopbackAddress())) {
            assertThat(simulatorFree.isBound()).as("the simulator let go of its port").isTrue();
        }
        try (RingwayNode again = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), simulatorPort, true,
                "10ms")).start();
             JsmppCustomer customer = new JsmppCustomer(again.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            assertThat(customer.submit("905321234567", "after a failed start")).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void shouldFailAtOnceWithOneLineWhenTheJournalDirectoryCannotBeWritten() throws Exception {
        Path notADirectory = Files.writeString(data.resolve("afile"), "a file, not a directory");
        Path config = Files.writeString(data.resolve("ringway.yaml"), TestNodes.yaml(notADirectory,
                TestNodes.freePort(), TestNodes.freePort(), true, "10ms"));

        EngineProcess.Exit exit = EngineProcess.runToExit(config, data, 30);

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.stderr()).isEqualTo("ringway: journal.directory: " + notADirectory
                + ": cannot be created (exists and is not a directory)" + System.lineSeparator());
        assertThat(exit.stdout()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(exit.millis()).as("no wait for the journal thread's start timeout").isLessThan(20_000);
    }
}
