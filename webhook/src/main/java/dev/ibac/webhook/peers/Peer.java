package dev.ibac.webhook.peers;

import java.net.URI;

/** Another replica: its name (the pod's, as its audit entries say in {@code replica}) and its HTTPS base URL. */
public record Peer(String name, URI base) {
    public Peer {
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("a peer is reached over https://host:port, got " + base);
        }
    }
}
