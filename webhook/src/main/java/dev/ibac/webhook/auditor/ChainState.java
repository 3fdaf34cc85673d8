package dev.ibac.webhook.auditor;

/** What the overview's banner says about the hash chain of the kept files, read so far. */
sealed interface ChainState {
    /** No entry written yet. */
    record Empty() implements ChainState {}

    /** Every entry kept links to the one before; {@code startHash} is what the oldest kept file chains from. */
    record Intact(long entries, String startHash, String lastHash) implements ChainState {}

    /** The chain holds through {@code intactEntries} entries ending at {@code lastGoodHash}, then {@code file} line {@code line} does not. */
    record Broken(long intactEntries, String lastGoodHash, String file, long line, String problem) implements ChainState {}
}
