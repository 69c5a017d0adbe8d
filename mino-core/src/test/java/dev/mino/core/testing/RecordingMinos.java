package dev.mino.core.testing;

import dev.mino.core.Mino;
import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Minos for the tests of a project's configuration, recording what they tell and ask: the
 * warnings their listener hears and the questions their trust decider gets. Closes them all.
 */
public final class RecordingMinos implements AutoCloseable {
    /** The warnings heard, in order. */
    public final List<MinoEvent.Warning> warnings = new CopyOnWriteArrayList<>();
    /** The trust questions asked, in order. */
    public final List<TrustQuestion> asked = new CopyOnWriteArrayList<>();
    private final List<Mino> minos = new ArrayList<>();

    /**
     * A Mino of {@code builder}'s settings that records its warnings and, with a decider, the
     * questions asked of it; null for no decider.
     */
    public Mino build(Mino.Builder builder, TrustDecider decider) {
        builder.listener(SandboxListener.of(event -> {
            if (event instanceof MinoEvent.Warning warning) {
                warnings.add(warning);
            }
        }));
        if (decider != null) {
            builder.trustDecider(question -> {
                asked.add(question);
                return decider.trust(question);
            });
        }
        Mino mino = builder.build();
        minos.add(mino);
        return mino;
    }

    /** The codes of the warnings heard, in order. */
    public List<String> codes() {
        return warnings.stream().map(MinoEvent.Warning::code).toList();
    }

    @Override
    public void close() {
        minos.forEach(Mino::close);
    }
}
