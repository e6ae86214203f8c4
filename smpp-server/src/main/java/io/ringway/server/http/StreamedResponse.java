package io.ringway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a response written while it is produced, for answers too big to hold (account statements). Text
 * written to {@link #writer} goes out in chunks of {@value #CHUNK_BYTES} bytes (HTTP/1.1 chunked transfer coding,
 * RFC 9112 §7.1; an HTTP/1.0 client gets the body unframed and the connection closes after it). The status line and
 * headers go out with the first chunk, so until then a failure can still be answered with a JSON error
 * ({@link #fail}).
 *
 * <p>A chunk is written only while the channel is writable (Netty's outbound buffer below its high-water mark), so
 * a client that reads slowly holds its producer back instead of making Netty buffer the whole body; one that reads
 * nothing for the stall limit, or closes the connection, makes the producer's next write throw an IOException,
 * which is how the producer learns to stop.
 *
 * <p>Threading: one producer thread, never an event loop, calls {@link #writer}, {@link #ensureOpen},
 * {@link #finish} and {@link #fail} (a producer that could not even start may call {@link #fail} on the event loop
 * that handed it the stream). The event loop calls {@link #wake}, {@link #ended} and, once that is true, the other
 * accessors. A failure before the head rewrites the exchange's response fields before {@link #ended} turns true (an
 * atomic write), and the connection reads them only after it has seen that, which orders them.
 */
final class StreamedResponse {
    /** Bytes of body per chunk: large enough that framing and write calls cost little, small beside the heap. */
    static final int CHUNK_BYTES = 32 * 1024;

    private final Exchange exchange;
    private final ChannelHandlerContext ctx;
    private final HttpConnection connection;
    private final HttpVersion version;
    private final boolean closeAtEnd;
    private final long stallNanos;
    private final Object writability = new Object();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Writer writer = new OutputStreamWriter(new ChunkOutput(), StandardCharsets.UTF_8);
    /** The chunk being filled, or {@code null}. */
    private ByteBuf chunk;
    private boolean headWritten;
    /** Given up: the connection is closed and writes throw. Set before {@link #ended}, like the next. */
    private boolean broken;
    /** Failed before the head went out. */
    private boolean answeredInstead;

    StreamedResponse(Exchange exchange, ChannelHandlerContext ctx, HttpConnection connection, HttpVersion version,
                     boolean keepAlive, Duration stallLimit) {
        this.exchange = exchange;
        this.ctx = ctx;
        this.connection = connection;
        this.version = version;
        this.closeAtEnd = !keepAlive || version.equals(HttpVersion.HTTP_1_0);
        this.stallNanos = stallLimit.toNanos();
    }

    /** Where the body's text goes, encoded as UTF-8. Its write calls throw when the client went away. */
    Writer writer() {
        return writer;
    }

    /** Throws when the client closed the connection: for producers that go a long time without writing. */
    void ensureOpen() throws IOException {
        if (!ctx.channel().isActive()) {
            throw giveUp("the client closed the connection");
        }
    }

    /** Writes what is left and ends the body; the connection goes on with its next response (or closes). */
    void finish() throws IOException {
        if (broken) {
            throw new IOException("the response was given up");
        }
        writer.flush();
        ByteBuf rest = chunk == null ? Unpooled.EMPTY_BUFFER : chunk;
        chunk = null;
        try {
            awaitWritable();
        } catch (IOException e) {
            rest.release();
            throw e;
        }
        writeHeadOnce();
        ChannelFuture last = ctx.writeAndFlush(new DefaultLastHttpContent(rest));
        if (closeAtEnd) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
        last.addListener(written -> end());
    }

    /**
     * The producer failed: before anything was written the exchange is answered with this JSON error instead
     * ({@code retryAfterSeconds} 0 for no Retry-After); after that, the status line is out and the body cannot be
     * completed, so the connection is closed and the client sees the body cut short.
     */
    void fail(int status, String code, String message, int retryAfterSeconds) {
        if (headWritten) {
            giveUp("the response failed after it began");
            return;
        }
        releaseChunk();
        exchange.answerInsteadOfStream(status, code, message, retryAfterSeconds);
        answeredInstead = true;
        end();
    }

    /** Writability changed or the channel closed: a producer waiting to write looks again. Event loop. */
    void wake() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    /** Whether the body is complete, failed or abandoned: the connection may go on. */
    boolean ended() {
        return ended.get();
    }

    /** Whether it failed before its head went out, so that the exchange now holds a JSON error to write instead. */
    boolean answeredInstead() {
        return answeredInstead;
    }

    /** Whether the connection must close after this response: asked for, HTTP/1.0, or the body was cut short. */
    boolean closesConnection() {
        return closeAtEnd || broken;
    }

    private void sendChunk() throws IOException {
        ByteBuf content = chunk;
        chunk = null;
        try {
            awaitWritable();
        } catch (IOException e) {
            content.release();
            throw e;
        }
        writeHeadOnce();
        ctx.writeAndFlush(new DefaultHttpContent(content), ctx.voidPromise());
    }

    private void writeHeadOnce() {
        if (headWritten) {
            return;
        }
        headWritten = true;
        HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(exchange.status));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, exchange.contentType);
        if (!version.equals(HttpVersion.HTTP_1_0)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        if (closeAtEnd) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(head, ctx.voidPromise());
    }

    /** Waits, up to the stall limit, until the channel takes more; throws when it is closed or stays full. */
    private void awaitWritable() throws IOException {
        Channel channel = ctx.channel();
        long deadline = System.nanoTime() + stallNanos;
        synchronized (writability) {
            while (true) {
                if (!channel.isActive()) {
                    throw giveUp("the client closed the connection");
                }
                if (channel.isWritable()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw giveUp("the client read nothing for " + Duration.ofNanos(stallNanos));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(writability, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    giveUp("interrupted");
                    throw new InterruptedIOException("interrupted while waiting for a slow client");
                }
            }
        }
    }

    /** Gives the response up: closes the connection and lets it go on; returns what the producer is to throw. */
    private IOException giveUp(String why) {
        broken = true;
        releaseChunk();
        ctx.close();
        end();
        return new IOException(why);
    }

    private void releaseChunk() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            connection.streamEnded();
        }
    }

    /** The bytes the writer encodes, gathered into chunks. */
    private final class ChunkOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (broken) {
                throw new IOException("the response was given up");
            }
            while (length > 0) {
                if (chunk == null) {
                    chunk = ctx.alloc().buffer(CHUNK_BYTES, CHUNK_BYTES);
                }
                int taken = Math.min(length, chunk.writableBytes());
                chunk.writeBytes(bytes, offset, taken);
                offset += taken;
                length -= taken;
                if (!chunk.isWritable()) {
                    sendChunk();
                }
            }
        }
    }
}
