package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import io.ringway.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal on a real file system that fills up: a small tmpfs mounted for the test (root only; the test is
 * skipped, saying so, where mounting is not allowed). While the disk is full every submission is refused with
 * ESME_RSYSERR before anything is acknowledged, the engine reports the journal unhealthy and counts the failures,
 * the JVM keeps running, and once space returns submissions are accepted again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalDiskFullSystemTest {
    private static final int FILE_SYSTEM_MEGABYTES = 48;
    private static final int RESERVE_MEGABYTES = 8;
    private static final int SYSTEM_ERROR = 0x08;

    @TempDir
    Path dir;
    private Path mount;
    private TestServer ringway;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = dir.resolve("small-disk");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + FILE_SYSTEM_MEGABYTES + "m", "tmpfs",
                mount.toString()) == 0, "cannot mount a tmpfs here (needs root): disk-full test not run");
    }

    @AfterEach
    void unmount() throws Exception {
        if (ringway != null) {
            ringway.close();
        }
        run("umount", "-l", mount.toString());
    }

    @Test
    void shouldRefuseSubmissionsWhileTheDiskIsFullAndAcceptThemAgainOnceSpaceReturns() throws Exception {
        ringway = TestServer.start(ConfigLoader.parse("test.yaml", """
                smpp:
                  host: 127.0.0.1
                  port: 0
                journal:
                  directory: %s
                  min-free-megabytes: %d
                simulator:
                  enabled: false
                accounts:
                  - system-id: dora
                    password-hash: %s
                upstreams:
                  - name: %s
                    host: 127.0.0.1
                    system-id: unused
                """.formatted(mount.resolve("data"), RESERVE_MEGABYTES, TestServer.PASSWORD_HASH,
                RecordingUpstream.NAME)));
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            assertThat(client.bind(RawSmppClient.BIND_TRANSMITTER, "dora", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
            assertThat(submitStatus(client, "before")).isZero();

            Path filler = mount.resolve("filler");
            fill(filler, usable() - 12L * 1024 * 1024);
            Thread.sleep(1_500); // a timer event is journaled every second: the guard now checks every append
            fill(filler, Long.MAX_VALUE);
            assertThat(usable()).isLessThan(RESERVE_MEGABYTES * 1024L * 1024L);
            long failuresBefore = ringway.engine.counters().journalFailures.get();

            List<Integer> whileFull = List.of(submitStatus(client, "full 1"), submitStatus(client, "full 2"),
                    submitStatus(client, "full 3"));

            assertThat(whileFull).containsExactly(SYSTEM_ERROR, SYSTEM_ERROR, SYSTEM_ERROR);
            assertThat(ringway.engine.journalHealthy()).isFalse();
            assertThat(ringway.engine.counters().journalFailures.get()).isGreaterThanOrEqualTo(failuresBefore + 3);
            assertThat(ringway.upstream.messages).hasSize(1);

            Files.delete(filler);
            assertThat(submitStatus(client, "after")).isZero();
            assertThat(ringway.engine.journalHealthy()).isTrue();
            // The answer comes from the responder; the dispatcher hands the message upstream in parallel.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ringway.upstream.messages.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ringway.upstream.messages).hasSize(2);
        }
    }

    private int submitStatus(RawSmppClient client, String text) throws Exception {
        Pdu response = client.call(RawSmppClient.submitSm(text));
        assertThat(response).isInstanceOf(SubmitSmResp.class);
        if (response.getCommandStatus() != 0) {
            assertThat(((SubmitSmResp) response).getMessageId()).as("no body on error (SMPP 3.4 §4.4.2)").isNull();
            assertThat(response.getCommandLength()).isEqualTo(16);
        }
        return response.getCommandStatus();
    }

    private long usable() throws IOException {
        return Files.getFileStore(mount).getUsableSpace();
    }

    /** Appends zeros to {@code file} until it has grown by {@code bytes} or the file system is full. */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long written = 0;
            while (written < bytes) {
                block.clear();
                block.limit((int) Math.min(block.capacity(), bytes - written));
                written += channel.write(block);
            }
        } catch (IOException noSpaceLeft) {
            if (!String.valueOf(noSpaceLeft.getMessage()).contains("No space left")) {
                throw noSpaceLeft;
            }
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
