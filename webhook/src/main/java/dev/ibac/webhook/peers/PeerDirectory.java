package dev.ibac.webhook.peers;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Who the replicas are right now, this one included (the client skips itself by name). */
public interface PeerDirectory {
    List<Peer> peers() throws IOException;

    /** A fixed list, from {@code --peers NAME=https://host:port,…}. */
    static PeerDirectory fixed(List<Peer> peers) {
        List<Peer> copy = List.copyOf(peers);
        return () -> copy;
    }

    /** Parses {@code NAME=https://host:port} entries (the {@code service:} form is cluster mode's, see {@link StatefulSetPeers}). */
    static List<Peer> parse(List<String> entries) {
        List<Peer> peers = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("a peer is NAME=https://host:port, got \"" + entry + "\"");
            }
            peers.add(new Peer(entry.substring(0, eq), URI.create(entry.substring(eq + 1))));
        }
        return peers;
    }
}
