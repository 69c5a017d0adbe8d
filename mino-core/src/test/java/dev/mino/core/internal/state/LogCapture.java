package dev.mino.core.internal.state;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings a class logs while an action runs, and keeps them off the console. It
 * relies on the default System.Logger backend, java.util.logging.
 */
public final class LogCapture {

    private LogCapture() {
    }

    /** The formatted warning messages logged through the class's logger during the action. */
    public static List<String> warnings(Class<?> source, Runnable action) {
        Logger logger = Logger.getLogger(source.getName());
        List<String> messages = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    String text = record.getParameters() == null
                        ? record.getMessage()
                        : MessageFormat.format(record.getMessage(), record.getParameters());
                    synchronized (messages) {
                        messages.add(text);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParentHandlers);
        }
        return messages;
    }
}
