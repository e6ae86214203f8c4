package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BindReceiver;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.type.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.ringway.connectors.smpp.wire.SmppPduCodec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare-socket SMPP client for what a well-behaved library will not send: a second bind, requests in the wrong
 * state, hand-built malformed PDUs. PDUs are encoded and decoded with the shared Cloudhopper transcoder.
 */
final class RawSmppClient implements AutoCloseable {
    static final int BIND_RECEIVER = 1;
    static final int BIND_TRANSMITTER = 2;
    static final int BIND_TRANSCEIVER = 9;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int sequence;

    RawSmppClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code localAddress}: any 127.x.y.z works on Linux, which lets a test be many clients. */
    RawSmppClient(int port, String localAddress) throws IOException {
        this(plainSocket(port, localAddress));
    }

    /** SMPP over an already connected socket (a TLS one, for instance). */
    RawSmppClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** SMPP over TLS to {@code port}, trusting what {@code tls} trusts; the handshake is done when this returns. */
    static RawSmppClient overTls(int port, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return new RawSmppClient(socket);
    }

    private static Socket plainSocket(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    int nextSequence() {
        return ++sequence;
    }

    void send(Pdu pdu) throws Exception {
        if (!pdu.hasSequenceNumberAssigned()) {
            pdu.setSequenceNumber(nextSequence());
        }
        ByteBuf encoded = SmppPduCodec.transcoder().encode(pdu);
        try {
            sendRaw(ByteBufUtil.getBytes(encoded));
        } finally {
            encoded.release();
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends FIN: the server reads end of stream after what was sent. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next PDU from the server; fails after five seconds of silence. */
    Pdu read() throws Exception {
        int length = in.readInt();
        byte[] rest = new byte[length - 4];
        in.readFully(rest);
        ByteBuf frame = Unpooled.buffer(length).writeInt(length).writeBytes(rest);
        try {
            return SmppPduCodec.transcoder().decode(frame);
        } finally {
            frame.release();
        }
    }

    /**
     * The next PDU's header as {command_length, command_id, command_status, sequence_number}, its body read and
     * dropped: for PDUs the SMPP library cannot decode (submit_multi_resp).
     */
    int[] readHeader() throws IOException {
        int length = in.readInt();
        int[] header = {length, in.readInt(), in.readInt(), in.readInt()};
        in.readFully(new byte[length - 16]);
        return header;
    }

    /** Sends {@code request} and returns the next PDU the server sends. */
    Pdu call(Pdu request) throws Exception {
        send(request);
        return read();
    }

    Pdu bind(int commandId, String systemId, String password) throws Exception {
        return bind(commandId, systemId, password, (byte) 0x34);
    }

    Pdu bind(int commandId, String systemId, String password, byte interfaceVersion) throws Exception {
        BaseBind<?> bind = switch (commandId) {
            case BIND_RECEIVER -> new BindReceiver();
            case BIND_TRANSMITTER -> new BindTransmitter();
            default -> new BindTransceiver();
        };
        bind.setSystemId(systemId);
        bind.setPassword(password);
        bind.setSystemType("");
        bind.setInterfaceVersion(interfaceVersion);
        bind.setAddressRange(new Address());
        return call(bind);
    }

    /** True when the next thing from the server, within {@code millis}, is the end of the stream (no PDU first). */
    boolean endOfStreamNextWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return in.read() < 0;
    }

    /** True when the server closes the connection within {@code millis} (end of stream or reset). */
    boolean closedByServerWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException | SocketException closed) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    static SubmitSm submitSm(String text) throws Exception {
        SubmitSm submit = new SubmitSm();
        submit.setSourceAddress(new Address((byte) 5, (byte) 0, "Ringway"));
        submit.setDestAddress(new Address((byte) 1, (byte) 1, "447700900123"));
        submit.setRegisteredDelivery((byte) 1);
        submit.setShortMessage(text.getBytes(StandardCharsets.ISO_8859_1));
        return submit;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
