package io.ringway.engine.ring;

import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Status;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the customer edges: records answers and receipts; receipts are taken only while "bound". */
final class RecordingCustomers implements SubmitResponder, CustomerSink {
    final Map<Integer, Long> acceptedIds = new ConcurrentHashMap<>();
    final Map<Integer, Status> rejections = new ConcurrentHashMap<>();
    final List<CustomerReceipt> receipts = new CopyOnWriteArrayList<>();
    volatile boolean bound = true;

    @Override
    public void accepted(int correlation, long messageId) {
        acceptedIds.put(correlation, messageId);
    }

    @Override
    public void rejected(int correlation, Status status) {
        rejections.put(correlation, status);
    }

    @Override
    public boolean deliver(CustomerReceipt receipt) {
        if (!bound) {
            return false;
        }
        receipts.add(receipt);
        return true;
    }

    int answers() {
        return acceptedIds.size() + rejections.size();
    }
}
