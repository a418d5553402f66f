package offramp.server;

/** A server offramp talks to: its address, the password for its user, TLS, and its role for messages. */
public record Endpoint(String role, ServerUri uri, Secret password, Tls tls) {

    public Endpoint(String role, ServerUri uri, Secret password) {
        this(role, uri, password, Tls.DISABLED);
    }

    /** The same server in another role, or another server reached the same way. */
    public Endpoint with(String newRole, ServerUri newUri) {
        return new Endpoint(newRole, newUri, password, tls);
    }

    @Override
    public String toString() {
        return role + " " + uri;
    }
}
