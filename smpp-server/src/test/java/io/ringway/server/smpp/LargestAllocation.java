package io.ringway.server.smpp;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An allocator that remembers the largest buffer anyone asked it for: put on a channel, it shows how much memory a
 * peer made the pipeline reserve, whatever length its PDUs declared.
 */
final class LargestAllocation extends AbstractByteBufAllocator {
    private final AtomicInteger largest = new AtomicInteger();

    LargestAllocation() {
        super(false);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    int largest() {
        return largest.get();
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        largest.accumulateAndGet(initialCapacity, Math::max);
        return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        largest.accumulateAndGet(initialCapacity, Math::max);
        return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    }
}
