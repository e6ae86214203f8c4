package io.ringway.engine.ring;

import io.ringway.engine.consent.RegistryAnswers;
import io.ringway.engine.journal.EventCodec;
import io.ringway.engine.journal.RecordWriter;
import io.ringway.engine.message.Channel;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentLookupsSnapshotTest {
    private static final String[] BRANDS = {"SHOPRETAIL", "ACMEPLUS"};
    private static final int RECIPIENTS = 40;
    private static final RecordingCustomers RESPONDER = new RecordingCustomers();

    private long clock = 1_800_000_000_000L;
    private long sequence = 7;

    @Test
    void shouldRestoreEveryQuestionAndSubmissionAndWriteTheSameOctetsAgain() throws IOException {
        ConsentLookups original = new ConsentLookups();
        randomParks(new Random(3), 300).forEach(park -> park.applyTo(original));
        byte[] snapshot = snapshotOf(original);

        ConsentLookups restored = restored(snapshot);

        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
        assertThat(restored.parked()).isEqualTo(original.parked()).isEqualTo(300);
        assertThat(restored.open()).isEqualTo(original.open()).hasSizeGreaterThan(RECIPIENTS);
    }

    @Test
    void shouldRestoreAParkedSubmissionAsAReplayOfItsJournalRecordGivesIt() throws IOException {
        ConsentLookups original = new ConsentLookups();
        randomParks(new Random(4), 100).forEach(park -> park.applyTo(original));
        ConsentLookups restored = restored(snapshotOf(original));

        List<MessageEvent> originals = new ArrayList<>();
        original.expire(Long.MAX_VALUE, originals::add);
        List<MessageEvent> restoreds = new ArrayList<>();
        restored.expire(Long.MAX_VALUE, restoreds::add);

        assertThat(restoreds).hasSize(100);
        for (int i = 0; i < originals.size(); i++) {
            assertThat(restoreds.get(i)).usingRecursiveComparison().isEqualTo(replayed(originals.get(i)));
            assertThat(restoreds.get(i)).usingRecursiveComparison()
                    .ignoringFields("responder", "correlation", "sequence", "journaled")
                    .isEqualTo(originals.get(i));
            assertThat(restoreds.get(i).responder).isNull();
            assertThat(restoreds.get(i).correlation).isZero();
        }
    }

    @Test
    void shouldParkAnswerAndExpireExactlyAsTheOriginalDoes() throws IOException {
        ConsentLookups original = new ConsentLookups();
        randomParks(new Random(5), 200).forEach(park -> park.applyTo(original));
        ConsentLookups restored = restored(snapshotOf(original));

        Random random = new Random(6);
        for (Park park : randomParks(random, 200)) {
            assertThat(park.applyTo(restored)).isEqualTo(park.applyTo(original));
            if (random.nextInt(10) == 0) {
                String brand = BRANDS[random.nextInt(BRANDS.length)];
                String msisdn = recipient(random.nextInt(RECIPIENTS));
                assertThat(sequences(restored.answered(brand, msisdn)))
                        .isEqualTo(sequences(original.answered(brand, msisdn)));
            }
            if (random.nextInt(20) == 0) {
                long askedBy = clock - random.nextInt(3_000);
                List<MessageEvent> fromOriginal = new ArrayList<>();
                original.expire(askedBy, fromOriginal::add);
                List<MessageEvent> fromRestored = new ArrayList<>();
                restored.expire(askedBy, fromRestored::add);
                assertThat(sequences(fromRestored)).isEqualTo(sequences(fromOriginal));
            }
            assertThat(restored.parked()).isEqualTo(original.parked());
        }

        assertThat(restored.open()).isEqualTo(original.open());
        assertThat(snapshotOf(restored)).isEqualTo(snapshotOf(original));
    }

    @Test
    void shouldExpireInTheOrderQuestionsWereAskedEvenWhenTheirTimesAreOutOfOrder() throws IOException {
        ConsentLookups original = new ConsentLookups();
        original.park("SHOPRETAIL", submission(100, recipient(1)), 100);
        original.park("SHOPRETAIL", submission(300, recipient(2)), 300);
        original.park("SHOPRETAIL", submission(200, recipient(3)), 200);
        original.park("SHOPRETAIL", submission(310, recipient(1)), 310);
        ConsentLookups restored = restored(snapshotOf(original));

        List<MessageEvent> expired = new ArrayList<>();
        restored.expire(250, expired::add);

        assertThat(expired).extracting(submission -> submission.timestamp).containsExactly(100L, 310L);
        assertThat(restored.open()).containsExactly(new RegistryAnswers.Key("SHOPRETAIL", recipient(2)),
                new RegistryAnswers.Key("SHOPRETAIL", recipient(3)));
        assertThat(restored.parked()).isEqualTo(2);
    }

    @Test
    void shouldRestoreNoLookups() throws IOException {
        byte[] snapshot = snapshotOf(new ConsentLookups());

        ConsentLookups restored = restored(snapshot);

        assertThat(restored.parked()).isZero();
        assertThat(restored.open()).isEmpty();
        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
    }

    @Test
    void shouldFailOnEveryTruncation() throws IOException {
        ConsentLookups original = new ConsentLookups();
        original.park("SHOPRETAIL", submission(100, recipient(1)), 100);
        original.park("SHOPRETAIL", submission(110, recipient(1)), 110);
        byte[] snapshot = snapshotOf(original);

        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> restored(truncated)).as("cut at %d", length).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldFailOnARecordOfAnotherKind() throws IOException {
        MessageEvent parked = submission(100, recipient(1));
        byte[] snapshot = snapshotWith(parked);
        snapshot[recordAt(snapshot, parked) + 1] = EventKind.TIMER.code();

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("consent lookups: a parked submission is not a whole SUBMIT record");
    }

    @Test
    void shouldFailOnARecordCutShort() throws IOException {
        MessageEvent parked = submission(100, recipient(1));
        byte[] snapshot = snapshotWith(parked);
        ByteBuffer.wrap(snapshot).putInt(recordAt(snapshot, parked) - 4, 5);

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("consent lookups: a parked submission's record does not read back");
    }

    @Test
    void shouldFailOnAQuestionNoSubmissionWaitsFor() throws IOException {
        MessageEvent parked = submission(100, recipient(1));
        byte[] snapshot = snapshotWith(parked);
        ByteBuffer.wrap(snapshot).putInt(recordAt(snapshot, parked) - 8, 0);

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageStartingWith("consent lookups: Key[brand=SHOPRETAIL");
    }

    /** One call to {@link ConsentLookups#park}, to apply alike to two instances. */
    private record Park(String brand, MessageEvent submission) {
        boolean applyTo(ConsentLookups lookups) {
            return lookups.park(brand, submission, submission.timestamp);
        }
    }

    /** Submissions a few milliseconds apart for a few recipients, so that most questions have several waiting. */
    private List<Park> randomParks(Random random, int count) {
        List<Park> parks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(50);
            parks.add(new Park(BRANDS[random.nextInt(BRANDS.length)],
                    submission(clock, recipient(random.nextInt(RECIPIENTS)))));
        }
        return parks;
    }

    /**
     * A submission as the business logic parks it: the detached copy of a journaled SUBMIT, with its responder
     * and correlation. Its optional fields vary with its sequence: some null, some not.
     */
    private MessageEvent submission(long time, String recipient) {
        long seq = sequence++;
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.SUBMIT, seq, time);
        event.account = "shop";
        event.channel = Channel.values()[(int) (seq % Channel.values().length)];
        event.serviceType = seq % 4 == 0 ? null : "commercial";
        event.sourceAddress = "RETAIL";
        event.sourceTon = 5;
        event.destinationAddress = recipient;
        event.destinationTon = 1;
        event.destinationNpi = 1;
        event.esmClass = (byte) (seq % 2 == 0 ? 0 : 0x40);
        event.registeredDelivery = 1;
        event.dataCoding = 8;
        event.payload = ("İndirim " + seq).getBytes(StandardCharsets.UTF_16BE);
        event.callbackUrl = seq % 2 == 0 ? null : "https://shop.test/dlr?id=" + seq;
        event.validityMillis = seq % 3 == 0 ? 0 : 600_000;
        event.reference = seq % 5 == 0 ? null : "sipariş-" + seq;
        event.sendAt = seq % 7 == 0 ? time + 60_000 : 0;
        event.responder = RESPONDER;
        event.correlation = (int) seq + 1_000;
        event.journaled = true;
        return event.detachedSubmission();
    }

    private static String recipient(int number) {
        return (number % 5 == 0 ? "+" : "") + (905_320_000_000L + number);
    }

    /** What the business logic parks when it replays {@code submission}'s journal record. */
    private static MessageEvent replayed(MessageEvent submission) {
        MessageEvent scratch = new MessageEvent();
        scratch.clear();
        assertThat(EventCodec.read(Bytes.wrapForRead(record(submission)), scratch)).isTrue();
        return scratch.detachedSubmission();
    }

    private static byte[] record(MessageEvent submission) {
        RecordWriter record = new RecordWriter();
        EventCodec.write(submission, record);
        return Arrays.copyOf(record.array(), record.size());
    }

    /** Which submissions these are: each one's text names the sequence it was made with. */
    private static List<String> sequences(List<MessageEvent> submissions) {
        return submissions.stream().map(event -> new String(event.payload, StandardCharsets.UTF_16BE)).toList();
    }


    private static byte[] snapshotWith(MessageEvent parked) throws IOException {
        ConsentLookups lookups = new ConsentLookups();
        lookups.park("SHOPRETAIL", parked, parked.timestamp);
        return snapshotOf(lookups);
    }

    /** Where {@code parked}'s journal record starts in {@code snapshot}: after its length and its lookup's count. */
    private static int recordAt(byte[] snapshot, MessageEvent parked) {
        byte[] record = record(parked);
        for (int i = 0; i + record.length <= snapshot.length; i++) {
            if (Arrays.equals(snapshot, i, i + record.length, record, 0, record.length)) {
                return i;
            }
        }
        throw new AssertionError("the record is not in the snapshot");
    }

    private static byte[] snapshotOf(ConsentLookups lookups) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        lookups.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** Fresh lookups read from {@code snapshot}, which they must read to the end. */
    private static ConsentLookups restored(byte[] snapshot) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(snapshot);
        ConsentLookups lookups = new ConsentLookups();
        lookups.readSnapshot(new SnapshotInput(bytes));
        assertThat(bytes.available()).as("octets left unread").isZero();
        return lookups;
    }
}
