package io.ringway.engine.snapshot;

import io.ringway.engine.message.MessageState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotStreamsTest {
    @Test
    void shouldWriteARecurringNameInFullOnceAndShareItOnReading() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        out.writeName("acme");
        int first = bytes.size();
        out.writeName("acme");
        out.writeName(null);
        out.writeEnum(MessageState.DELIVERED);
        out.writeEnum(MessageState.DELIVERED);
        out.writeString("ç");
        out.flush();
        assertThat(first).as("marker, length, octets").isEqualTo(4 + 4 + 4);
        assertThat(bytes.size() - first).as("a number for every later one")
                .isEqualTo(4 + 4 + (4 + 4 + 9) + 4 + (4 + 2));

        SnapshotInput in = new SnapshotInput(new ByteArrayInputStream(bytes.toByteArray()));
        String acme = in.readName();
        assertThat(acme).isEqualTo("acme");
        assertThat(in.readName()).isSameAs(acme);
        assertThat(in.readName()).isNull();
        assertThat(in.readEnum(MessageState.class)).isEqualTo(MessageState.DELIVERED);
        assertThat(in.readEnum(MessageState.class)).isEqualTo(MessageState.DELIVERED);
        assertThat(in.readString()).isEqualTo("ç");
    }

    @Test
    void shouldRefuseANameNumberNotYetWrittenAndAnUnknownConstant() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(3);
        assertThatThrownBy(() -> new SnapshotInput(new ByteArrayInputStream(bytes.toByteArray())).readName())
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("name number 3 of 0");

        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(unknown);
        out.writeName("DELIVERED_TWICE");
        out.flush();
        assertThatThrownBy(() -> new SnapshotInput(new ByteArrayInputStream(unknown.toByteArray()))
                .readEnum(MessageState.class))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("DELIVERED_TWICE");
    }

    @Test
    void shouldReadAnAscendingListAndRefuseADuplicateOrAMissingEntry() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        out.writeString("ACME");
        out.writeString("SHOP");
        out.writeString("SHOP");
        out.writeString(null);
        out.flush();
        SnapshotInput in = new SnapshotInput(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(in.readStringAfter(null, "brand")).isEqualTo("ACME");
        assertThat(in.readStringAfter("ACME", "brand")).isEqualTo("SHOP");
        assertThatThrownBy(() -> in.readStringAfter("SHOP", "brand"))
                .isInstanceOf(SnapshotFormatException.class).hasMessage("brand SHOP after SHOP");
        assertThatThrownBy(() -> in.readStringAfter(null, "brand"))
                .isInstanceOf(SnapshotFormatException.class).hasMessage("brand null after null");
    }

    @Test
    void shouldRefuseALengthBeyondTheLimitInsteadOfAllocatingIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new SnapshotInput(new ByteArrayInputStream(bytes.toByteArray())).readBytes())
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("out of range");
    }
}
