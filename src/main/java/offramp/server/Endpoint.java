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

    /** The same server in another role. */
    public Endpoint withRole(String newRole) {
        return new Endpoint(newRole, uri, password, tls);
    }

    /** The same server with a password given otherwise (a guard process gets it on its pipe). */
    public Endpoint with(Secret newPassword) {
        return new Endpoint(role, uri, newPassword, tls);
    }

    @Override
    public String toString() {
        return role + " " + uri;
    }
}
