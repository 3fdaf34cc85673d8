package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTokenAuthenticatorTest {
    @TempDir
    Path state;

    @Test
    void generates_a_random_token_readable_only_by_its_owner_and_reuses_it_on_restart() throws IOException {
        StaticTokenAuthenticator first = StaticTokenAuthenticator.inStateDir(state, StaticTokenAuthenticator.DEFAULT_HOLDER);
        Path file = state.resolve(StaticTokenAuthenticator.FILE);
        String token = Files.readString(file).strip();
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.authenticate(token)).isPresent();
        assertThat(StaticTokenAuthenticator.inStateDir(state, StaticTokenAuthenticator.DEFAULT_HOLDER).authenticate(token)).isPresent();
        assertThat(Files.readString(file).strip()).isEqualTo(token);
    }

    @Test
    void the_holder_is_the_auditor_serve_names_or_a_read_only_default() throws IOException {
        String token = "0123456789abcdef0123";
        Auditor alice = new Auditor("alice", List.of("shop-owners"));
        assertThat(new StaticTokenAuthenticator(token, alice).authenticate(token)).contains(alice);
        assertThat(StaticTokenAuthenticator.inStateDir(state, StaticTokenAuthenticator.DEFAULT_HOLDER)
                .authenticate(Files.readString(state.resolve(StaticTokenAuthenticator.FILE)).strip()))
                .contains(new Auditor("ibac:audit-token", List.of()));
    }

    @Test
    void refuses_any_other_token() throws IOException {
        StaticTokenAuthenticator auth = StaticTokenAuthenticator.inStateDir(state, StaticTokenAuthenticator.DEFAULT_HOLDER);
        String token = Files.readString(state.resolve(StaticTokenAuthenticator.FILE)).strip();
        assertThat(auth.authenticate(token.substring(1))).isEmpty();
        assertThat(auth.authenticate(token + "0")).isEmpty();
        assertThat(auth.authenticate("")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void a_blank_token_file_is_refused_at_start_rather_than_letting_an_empty_token_in() throws IOException {
        Files.writeString(state.resolve(StaticTokenAuthenticator.FILE), "\n");
        assertThatThrownBy(() -> StaticTokenAuthenticator.inStateDir(state, StaticTokenAuthenticator.DEFAULT_HOLDER)).isInstanceOf(IOException.class)
                .hasMessageContaining("at least 16 characters").hasMessageContaining("delete the file");
    }
}
