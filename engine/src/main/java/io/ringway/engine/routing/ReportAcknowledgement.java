package io.ringway.engine.routing;

/**
 * What a connector does once the engine has journaled a report an upstream is waiting to have acknowledged (a
 * receipt, an MO): answer the upstream. An SMSC forgets a deliver_sm it got a deliver_sm_resp for, so that answer
 * may only go out once the report is on disk, exactly as a customer's submit_sm_resp; a report the journal could not
 * take is answered so that the SMSC sends it again.
 */
@FunctionalInterface
public interface ReportAcknowledgement {
    /**
     * Called once per report, on the engine's output thread, after the journal stage: {@code journaled} true when
     * the report is in the journal, false when the journal refused it. Must not block.
     */
    void journaled(boolean journaled);
}
