package io.ringway.engine.ring;

/** Every {@link EngineTest} with the journal, the business logic and the output on a thread each. */
class EngineWithThreeStageThreadsTest extends EngineTest {
    @Override
    int stageThreads() {
        return 3;
    }
}
