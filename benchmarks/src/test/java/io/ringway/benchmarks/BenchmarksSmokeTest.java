package io.ringway.benchmarks;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, outside JMH and without timing anything: set-up, one invocation, tear-down, and
 * the exact outcome that invocation must have. It keeps the benchmarks compiling and working as the engine
 * changes; their figures come only from {@code java -jar benchmarks/target/benchmarks.jar}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BenchmarksSmokeTest {

    @ParameterizedTest
    @EnumSource(PduCodecBenchmark.Shape.class)
    void shouldDecodeAndEncodeTheSamePduOfEveryShape(PduCodecBenchmark.Shape shape) throws Exception {
        PduCodecBenchmark decoding = codecBenchmark(shape);
        PduCodecBenchmark encoding = codecBenchmark(shape);

        Object decoded = decoding.decode();
        int encodedLength = encoding.encode();

        decoding.releaseInputs();
        encoding.releaseInputs();
        assertThat(decoded).isInstanceOf(shape == PduCodecBenchmark.Shape.DELIVER_SM_RECEIPT
                ? DeliverSm.class : SubmitSm.class);
        Pdu pdu = (Pdu) decoded;
        assertThat(encodedLength).isEqualTo(pdu.getCommandLength());
        byte[] text = ((BaseSm<?>) pdu).getShortMessage();
        switch (shape) {
            case SUBMIT_SM_OTP -> assertThat(text.length).isBetween(24, 37);
            case SUBMIT_SM_160 -> assertThat(text).hasSize(SampleTraffic.SINGLE_PART_LENGTH);
            case DELIVER_SM_RECEIPT -> {
                assertThat(((DeliverSm) pdu).getEsmClass()).isEqualTo(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
                assertThat(new String(text, StandardCharsets.ISO_8859_1)).contains(" stat:DELIVRD err:000 text:");
                assertThat(pdu.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID)).isNotNull();
                assertThat(pdu.getOptionalParameter(SmppConstants.TAG_MSG_STATE).getValue())
                        .containsExactly(SmppConstants.STATE_DELIVERED);
            }
        }
    }

    @Test
    void shouldAppendOneSubmissionAndOneReceipt() {
        JournalBenchmark benchmark = new JournalBenchmark();
        JournalBenchmark.Appending state = new JournalBenchmark.Appending();
        state.prefault = true; // the ring's appender, with its prefaulting thread
        state.buildRecords();
        state.openJournal();

        benchmark.appendSubmit(state);
        benchmark.appendDlr(state);
        assertThat(benchmark.appendSubmitBatch(state)).isEqualTo(JournalBenchmark.BATCH);
        assertThat(benchmark.appendDlrBatch(state)).isEqualTo(JournalBenchmark.BATCH);

        List<EventKind> journaled = new ArrayList<>();
        state.journal.replay(new MessageEvent(), event -> journaled.add(event.kind));
        state.deleteJournal();
        state.deleteDirectory();
        assertThat(journaled).hasSize(2 + 2 * JournalBenchmark.BATCH);
        assertThat(journaled.subList(0, 2)).containsExactly(EventKind.SUBMIT, EventKind.DLR);
        assertThat(journaled.subList(2, 2 + JournalBenchmark.BATCH)).containsOnly(EventKind.SUBMIT);
        assertThat(journaled.subList(2 + JournalBenchmark.BATCH, journaled.size())).containsOnly(EventKind.DLR);
    }

    @Test
    void shouldReplayEveryRecordAndFinishEveryMessage() {
        JournalBenchmark benchmark = new JournalBenchmark();
        JournalBenchmark.Written state = new JournalBenchmark.Written();
        state.writeJournal();

        long counted = benchmark.replay(state);
        BusinessLogicHandler logic = benchmark.replayIntoBusinessLogic(state);

        state.deleteJournal();
        assertThat(counted).isEqualTo(JournalBenchmark.RECORDS);
        assertThat(logic.lastMessageId()).isEqualTo(JournalBenchmark.RECORDS / 4);
        assertThat(logic.inFlight()).isZero();
        assertThat(logic.owedReceipts()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "phased"})
    void shouldAnswerEveryBatchAndFinishEveryMessage(String waitStrategy) {
        RingPipelineBenchmark benchmark = new RingPipelineBenchmark();
        RingPipelineBenchmark.Pipeline pipeline = new RingPipelineBenchmark.Pipeline();
        RingPipelineBenchmark.Lives lives = new RingPipelineBenchmark.Lives();
        pipeline.waitStrategy = waitStrategy;
        pipeline.buildTraffic();
        pipeline.startEngine();

        long afterFirst = benchmark.submitBatch(pipeline);
        long afterSecond = benchmark.submitBatch(pipeline);
        lives.complete(); // as JMH calls it before each submissionPath: throws unless all finished
        long afterPath = benchmark.submissionPath(pipeline, lives);
        lives.complete();

        pipeline.stopEngine(); // throws unless every message made its whole trip
        pipeline.deleteDirectory();
        assertThat(afterFirst).isEqualTo(RingPipelineBenchmark.BATCH);
        assertThat(afterSecond).isEqualTo(2L * RingPipelineBenchmark.BATCH);
        assertThat(afterPath).isEqualTo(2L * RingPipelineBenchmark.BATCH + RingPipelineBenchmark.PATH_BATCH);
    }

    @Test
    void shouldReserveAndCloseEveryMessageAndLeaveTheBalancesWhole() {
        RatingBenchmark benchmark = new RatingBenchmark();
        benchmark.buildLedger();
        long customerBefore = benchmark.customer.balance();
        long resellerBefore = benchmark.customer.parent().balance();

        boolean allClosed = true;
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            allClosed &= benchmark.reserveAndClose();
        }
        long price = benchmark.price();

        assertThat(allClosed).isTrue();
        assertThat(price).isPositive();
        assertThat(benchmark.ledger.openReservations()).isZero();
        assertThat(benchmark.customer.balance()).isLessThan(customerBefore);
        assertThat(benchmark.customer.parent().balance()).isLessThan(resellerBefore);
        assertThat(benchmark.ledger.priceList("retail").size()).isEqualTo(RatingBenchmark.PREFIXES);
    }

    @ParameterizedTest
    @EnumSource(EncodingBenchmark.Shape.class)
    void shouldPickTheCodingAndCountTheSegmentsOfEveryShape(EncodingBenchmark.Shape shape) {
        EncodingBenchmark benchmark = new EncodingBenchmark();
        benchmark.shape = shape;
        benchmark.buildTexts();

        int segments = benchmark.cheapestEncodeAndCount();

        byte coding = io.ringway.engine.message.TextEncoding.cheapest(benchmark.texts[0]);
        switch (shape) {
            case OTP, EMOJI -> assertThat(segments).isEqualTo(1);
            case GSM_160 -> assertThat(segments).isEqualTo(2); // the first text carries a two-septet €
            case TURKISH_UCS2 -> assertThat(segments).isBetween(1, 2);
        }
        assertThat(coding).isEqualTo(shape == EncodingBenchmark.Shape.OTP || shape == EncodingBenchmark.Shape.GSM_160
                ? io.ringway.engine.message.TextEncoding.GSM : io.ringway.engine.message.TextEncoding.UCS2);
    }

    @Test
    void shouldReplayASmallRestartJournalToIdleState() {
        JournalReplayBenchmark benchmark = new JournalReplayBenchmark();
        benchmark.records = 8_000;
        benchmark.writeJournal();

        BusinessLogicHandler logic = benchmark.replayIntoBusinessLogic();

        benchmark.deleteJournal();
        assertThat(logic.lastMessageId()).isEqualTo(2_000);
        assertThat(logic.inFlight()).isZero();
    }

    @Test
    void shouldRestoreFromASnapshotWhatTheWholeJournalReplays() throws Exception {
        SnapshotBenchmark benchmark = new SnapshotBenchmark();
        benchmark.finished = 2_000;
        benchmark.inFlight = 500;
        benchmark.writeJournalAndSnapshot();

        BusinessLogicHandler restored = benchmark.restoreSnapshot();
        BusinessLogicHandler replayed = benchmark.replayJournal();
        Path written = benchmark.writeSnapshot();

        assertThat(restored.lastMessageId()).isEqualTo(2_500).isEqualTo(replayed.lastMessageId());
        assertThat(restored.inFlight()).isEqualTo(500).isEqualTo(replayed.inFlight());
        assertThat(Files.size(written)).isPositive();
        benchmark.deleteJournal();
    }

    private static PduCodecBenchmark codecBenchmark(PduCodecBenchmark.Shape shape) throws Exception {
        PduCodecBenchmark benchmark = new PduCodecBenchmark();
        benchmark.shape = shape;
        benchmark.encodeInputs();
        return benchmark;
    }

    @Test
    void shouldRouteEveryDestinationOfTheLookupBenchmarkToOneOfItsUpstreams() {
        RouteLookupBenchmark benchmark = new RouteLookupBenchmark();
        benchmark.buildTable();
        assertThat(benchmark.routes.size()).isEqualTo(RouteLookupBenchmark.PREFIXES + 1);
        for (int i = 0; i < 4_096; i++) {
            assertThat(benchmark.route()).isBetween(0, RouteLookupBenchmark.UPSTREAMS - 1);
        }
    }
}
