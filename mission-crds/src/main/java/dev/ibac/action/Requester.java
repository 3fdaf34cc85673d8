package dev.ibac.action;

import java.util.List;

/** Who sent the request, as the API server authenticated it ({@code request.userInfo}). */
public record Requester(String username, String uid, List<String> groups) {
    public Requester {
        username = username == null ? "" : username;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
