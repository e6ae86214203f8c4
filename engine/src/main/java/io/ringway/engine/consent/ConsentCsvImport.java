package io.ringway.engine.consent;

import io.ringway.engine.message.Addresses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Reads a bulk consent file (CSV with a header naming the columns {@code msisdn, brand, status, date, source,
 * type} in any order), validates every row, hands the valid ones to a {@link Sink} and reports the invalid ones
 * with their line number and reason, as IYS does for rejected consent. Streaming: a file of millions of rows is
 * never held in memory; only the first {@link #MAX_REPORTED} rejections are kept in detail (all are counted).
 *
 * <p>A row is valid when: the number is E.164; the brand is one the importing account may set; the status is
 * OPT_IN/OPT_OUT (or IYS ONAY/RET); the date parses ({@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss} or
 * ISO-8601, UTC) and is not in the future; the source and the recipient type are known.
 */
public final class ConsentCsvImport {
    /** Rejected rows reported one by one; beyond this only the count grows. */
    public static final int MAX_REPORTED = 10_000;
    /** Rows between two progress reports. */
    public static final int PROGRESS_EVERY = 100_000;
    private static final String[] COLUMNS = {"msisdn", "brand", "status", "date", "source", "type"};

    private ConsentCsvImport() {
    }

    /** Receives each valid row, with its line number in the file. */
    public interface Sink {
        void accept(long line, String msisdn, String brand, ConsentStatus status, long date, ConsentSource source,
                    RecipientType type);
    }

    /** A row that was not imported: its line number in the file (the header is line 1) and why. */
    public record Rejection(long line, String reason) {
    }

    /** What an import did: data rows read, applied, rejected, and the first rejections in detail. */
    public record Result(long rows, long applied, long rejected, List<Rejection> rejections) {
    }

    /**
     * Imports {@code csv}. {@code mayUseBrand} says which brand names the importer may set; {@code now} (epoch
     * milliseconds) bounds the dates; {@code progress} hears the rows read so far every {@link #PROGRESS_EVERY}.
     * A file without the required header is refused whole with an {@link IllegalArgumentException}.
     */
    public static Result read(Reader csv, Predicate<String> mayUseBrand, long now, Sink sink, LongConsumer progress) {
        BufferedReader lines = csv instanceof BufferedReader buffered ? buffered : new BufferedReader(csv, 1 << 16);
        try {
            String header = lines.readLine();
            if (header == null) {
                throw new IllegalArgumentException("empty file: a header line " + String.join(",", COLUMNS) + " is required");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1); // the byte order mark spreadsheets write at the start of UTF-8
            }
            int[] index = columns(splitLine(header, COLUMNS.length + 8));
            long rows = 0;
            long applied = 0;
            long rejected = 0;
            List<Rejection> rejections = new ArrayList<>();
            String line;
            long lineNumber = 1;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                String problem = importRow(lineNumber, splitLine(line, COLUMNS.length + 8), index, mayUseBrand, now,
                        sink);
                if (problem == null) {
                    applied++;
                } else {
                    rejected++;
                    if (rejections.size() < MAX_REPORTED) {
                        rejections.add(new Rejection(lineNumber, problem));
                    }
                }
                if (rows % PROGRESS_EVERY == 0) {
                    progress.accept(rows);
                }
            }
            progress.accept(rows);
            return new Result(rows, applied, rejected, rejections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] columns(List<String> header) {
        int[] index = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            index[c] = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).trim().toLowerCase(Locale.ROOT).equals(COLUMNS[c])) {
                    index[c] = i;
                }
            }
            if (index[c] < 0) {
                throw new IllegalArgumentException("header has no '" + COLUMNS[c] + "' column; required: "
                        + String.join(",", COLUMNS));
            }
        }
        return index;
    }

    /** Validates one row and hands it to the sink; returns the reason it was refused, or {@code null}. */
    private static String importRow(long line, List<String> fields, int[] index, Predicate<String> mayUseBrand,
                                    long now, Sink sink) {
        String[] value = new String[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            value[c] = index[c] < fields.size() ? fields.get(index[c]).trim() : "";
            if (value[c].isEmpty()) {
                return "missing " + COLUMNS[c];
            }
        }
        String msisdn = value[0];
        if (!Addresses.isE164(msisdn)) {
            return "msisdn '" + msisdn + "' is not an E.164 number";
        }
        if (!mayUseBrand.test(value[1])) {
            return "unknown brand '" + value[1] + "'";
        }
        ConsentStatus status = ConsentStatus.parse(value[2]);
        if (status == null) {
            return "status '" + value[2] + "' is not OPT_IN or OPT_OUT";
        }
        long date = parseDate(value[3]);
        if (date == Long.MIN_VALUE) {
            return "date '" + value[3] + "' is not yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or ISO-8601";
        }
        if (date > now) {
            return "date " + value[3] + " is in the future";
        }
        ConsentSource source = ConsentSource.parse(value[4]);
        if (source == null) {
            return "source '" + value[4] + "' is not one of WEB, SMS, CALL_CENTRE, PHYSICAL, EMAIL, MOBILE_APP, OTHER";
        }
        RecipientType type = RecipientType.parse(value[5]);
        if (type == null) {
            return "type '" + value[5] + "' is not INDIVIDUAL or MERCHANT";
        }
        sink.accept(line, msisdn.startsWith("+") ? msisdn.substring(1) : msisdn, value[1], status, date, source,
                type);
        return null;
    }

    /** Epoch milliseconds (UTC), or {@link Long#MIN_VALUE} when the text is no date this importer reads. */
    public static long parseDate(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (text.length() == 19) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            // Not a date, or one java.time reads but epoch milliseconds cannot hold (year -999999999).
            return Long.MIN_VALUE;
        }
    }

    /** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
    static List<String> splitLine(String line, int expected) {
        List<String> fields = new ArrayList<>(expected);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == ';') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
