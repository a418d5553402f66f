package offramp.pipeline;

import offramp.usage.BadUsage;

/** Preflight found what must be fixed before anything is created or changed (exit code 2). */
public class Refused extends BadUsage {
    public Refused(String message) {
        super(message);
    }
}
