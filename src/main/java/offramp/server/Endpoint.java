package offramp.server;

/** A server offramp talks to: its address, the password for its user, and its role for messages. */
public record Endpoint(String role, ServerUri uri, Secret password) {

    @Override
    public String toString() {
        return role + " " + uri;
    }
}
