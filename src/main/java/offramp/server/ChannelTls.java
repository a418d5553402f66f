package offramp.server;

import offramp.usage.BadUsage;

/**
 * TLS of a replication channel, as the replica is told it: the mode, and the files on the replica's host.
 *
 * @param mode the mode
 * @param ca   the CA certificate file on the replica; needed by the verifying modes
 * @param cert the replica's client certificate, or null
 * @param key  the key of that certificate, or null
 */
public record ChannelTls(TlsMode mode, String ca, String cert, String key) {

    public static final ChannelTls DISABLED = new ChannelTls(TlsMode.DISABLED, null, null, null);

    public ChannelTls {
        if (mode.verifies() && ca == null) {
            throw new BadUsage("TLS mode " + mode.cliName()
                + " needs the CA certificate that signed the source's (for RDS and Aurora: the RDS CA bundle)");
        }
    }

    public boolean enabled() {
        return mode != TlsMode.DISABLED;
    }
}
