package io.ringway.engine.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The journal cannot be written where it is configured (its data directory, its lock file or its own directory
 * cannot be created, or is not writable), or its writer could not start: nothing can be accepted, so the node must
 * not start. The message names the path and the cause in one line, for the operator.
 */
public final class JournalUnwritableException extends RuntimeException {
    public JournalUnwritableException(String message) {
        super(message);
    }

    public JournalUnwritableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code path} could not be created: {@code "<path>: cannot be created (<what the file system said>)"}, naming
     * the path it said it of when that is another (a parent that is a file, or missing).
     */
    static JournalUnwritableException cannotCreate(Path path, IOException e) {
        return new JournalUnwritableException(path + ": cannot be created (" + reason(path, e) + ")", e);
    }

    private static String reason(Path path, IOException e) {
        String reason;
        if (e instanceof FileAlreadyExistsException) {
            reason = "exists and is not a directory";
        } else if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            reason = fileSystem.getReason();
        } else {
            return e.toString();
        }
        String file = e instanceof FileSystemException fileSystem ? fileSystem.getFile() : null;
        return file == null || file.equals(path.toString()) ? reason : file + ": " + reason;
    }
}
