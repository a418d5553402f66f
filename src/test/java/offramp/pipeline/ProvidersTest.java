package offramp.pipeline;

import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.usage.BadUsage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A provider's configuration that cannot be read is bad usage (exit 2), named with what was given. */
class ProvidersTest {

    private static final Endpoint SOURCE = new Endpoint("source", ServerUri.parse("admin@db.example.com:3306"),
        Secret.EMPTY);

    private static Config.Snapshot aurora(String region, String endpoint) {
        return new Config.Snapshot("aurora", new Config.Aurora(region, "prod", null, null, null, endpoint, null, null, null),
            null, null, null, null);
    }

    @Test
    void anAuroraEndpointThatIsNoUriIsBadUsage() {
        BadUsage e = assertThrows(BadUsage.class, () -> Providers.create(aurora("us-east-1", "http://bad host/"), null,
            SOURCE, Path.of("work")));
        assertTrue(e.getMessage().contains("bad host"), e.getMessage());
    }

    @Test
    void anEmptyRegionIsBadUsage() {
        assertThrows(BadUsage.class, () -> Providers.create(aurora("", null), null, SOURCE, Path.of("work")));
    }
}
