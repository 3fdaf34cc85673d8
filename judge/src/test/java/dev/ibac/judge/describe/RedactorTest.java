package dev.ibac.judge.describe;

import static dev.ibac.judge.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.ResourceId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAv3zKx9Qb\n-----END RSA PRIVATE KEY-----";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlMTIzNDU2";
    private final Redactor redactor = new Redactor();

    @Test
    void hides_every_value_of_a_secret_but_keeps_its_keys() {
        JsonNode secret = json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'db'},'type':'Opaque',"
                + "'data':{'username':'YWRtaW4=','host':'ZGIubG9jYWw='},'stringData':{'note':'plain words'}}");

        JsonNode redacted = redactor.redact(secret);

        assertThat(redacted.path("data").path("username").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.path("data").path("host").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.path("stringData").path("note").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.toString()).doesNotContain("YWRtaW4=", "ZGIubG9jYWw=", "plain words");
    }

    @Test
    void leaves_the_original_object_untouched() {
        JsonNode secret = json("{'kind':'Secret','data':{'k':'dmFsdWU='}}");

        redactor.redact(secret);

        assertThat(secret.path("data").path("k").asText()).isEqualTo("dmFsdWU=");
    }

    @Test
    void hides_configmap_values_whose_key_or_shape_is_a_credential() {
        JsonNode configMap = json("{'kind':'ConfigMap','data':{'DB_PASSWORD':'hunter2','api_token':'abc',"
                + "'tls.key':'x','LOG_LEVEL':'debug','settings.yaml':'db:\\n  password: s3cr3t-value\\n  pool: 5'}}");
        JsonNode withPem = json("{'kind':'ConfigMap','data':{'extra':'" + PEM.replace("\n", "\\n") + "','jwt':'" + JWT + "'}}");

        JsonNode redacted = redactor.redact(configMap);

        assertThat(redacted.path("data").path("DB_PASSWORD").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.path("data").path("api_token").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.path("data").path("tls.key").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(redacted.path("data").path("LOG_LEVEL").asText()).isEqualTo("debug");
        assertThat(redacted.path("data").path("settings.yaml").asText()).contains("pool: 5").doesNotContain("s3cr3t-value");
        assertThat(redactor.redact(withPem).toString()).doesNotContain("MIIEowIBAAKCAQEAv3zKx9Qb", JWT);
    }

    @Test
    void hides_all_values_of_a_configmap_marked_sensitive() {
        JsonNode configMap = json("{'kind':'ConfigMap','metadata':{'annotations':{'ibac.io/sensitive':'true'}},"
                + "'data':{'LOG_LEVEL':'debug'}}");

        assertThat(redactor.redact(configMap).path("data").path("LOG_LEVEL").asText()).isEqualTo(Redactor.REDACTED);
    }

    @Test
    void hides_env_values_whose_name_or_value_looks_like_a_credential() {
        JsonNode deployment = json("{'kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'app',"
                + "'image':'shop/checkout:2.3','env':["
                + "{'name':'STRIPE_API_KEY','value':'not-random-but-named'},"
                + "{'name':'PGPASSWORD','value':'pw'},"
                + "{'name':'UPSTREAM','value':'https://admin:Tr0ub4dor@db.internal:5432/orders'},"
                + "{'name':'EXTRA','value':'AKIAIOSFODNN7EXAMPLE'},"
                + "{'name':'OPAQUE','value':'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'},"
                + "{'name':'GH','value':'ghp_16C7e42F292c6912E7710c838347Ae178B4a'},"
                + "{'name':'REGION','value':'eu-west-1'},"
                + "{'name':'DB_PASSWORD','valueFrom':{'secretKeyRef':{'name':'db','key':'password'}}}]}]}}}}");

        String redacted = redactor.redact(deployment).toString();

        assertThat(redacted).doesNotContain("not-random-but-named", "\"pw\"", "Tr0ub4dor", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI", "ghp_16C7e42F");
        assertThat(redacted).contains("eu-west-1", "https://admin:<redacted>@db.internal:5432/orders",
                "shop/checkout:2.3", "'key':'password'".replace('\'', '"'), "'name':'db'".replace('\'', '"'));
    }

    @Test
    void hides_the_argument_after_a_credential_flag_and_inline_flag_values() {
        JsonNode pod = json("{'kind':'Pod','spec':{'containers':[{'name':'c','image':'busybox',"
                + "'args':['--password','hunter2','--token=abc123','--verbose','on']}]}}");

        String redacted = redactor.redact(pod).toString();

        assertThat(redacted).doesNotContain("hunter2", "abc123").contains("--verbose", "\"on\"");
    }

    @Test
    void drops_last_applied_configuration_and_redacts_credential_annotations() {
        JsonNode secret = json("{'kind':'ConfigMap','metadata':{'annotations':{"
                + "'kubectl.kubernetes.io/last-applied-configuration':'{\\'data\\':{\\'password\\':\\'leak\\'}}',"
                + "'example.com/auth-token':'t0k3n','team':'payments'},'managedFields':[{'manager':'kubectl'}]}}");

        JsonNode redacted = redactor.redact(secret);

        assertThat(redacted.path("metadata").path("annotations").has("kubectl.kubernetes.io/last-applied-configuration")).isFalse();
        assertThat(redacted.path("metadata").has("managedFields")).isFalse();
        assertThat(redacted.toString()).doesNotContain("leak", "t0k3n").contains("payments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop/checkout:2.3", "nvcr.io/nvidia/tritonserver:24.01-py3", "checkout-service-deployment-v2",
            "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
            "123e4567-e89b-12d3-a456-426614174000", "Scale the checkout service for Black Friday", "500m", "nvidia.com/gpu",
            "curl -T dump.sql https://files.example.net/upload", "mkdir -p /data && docker run -p 8080:80 nginx:1.25",
            "redis:6379", "https://db.internal:5432/orders", "find . -name '*.tmp' -print", "team:payments", "replicas: 12",
            "git@github.com:org/repo.git", "curl -H 'Content-Type: application/json' https://api.example.com/items",
            "the token endpoint is https://login.example.com/oauth/token"})
    void keeps_ordinary_values(String value) {
        assertThat(redactor.redactText(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secretName", "tokenFile", "key", "name", "image", "replicas", "LOG_LEVEL", "author",
            "nginx.ingress.kubernetes.io/auth-url", "TOKEN_URL", "--password-stdin", "ssl-passthrough", "Content-Type", "keys"})
    void does_not_treat_references_or_ordinary_names_as_secret(String name) {
        assertThat(redactor.isSecretName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DB_PASSWORD", "PGPASSWORD", "apiKey", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "SSH_KEY",
            "client-secret", "BASIC_AUTH", "tls.key", "private_key", "MYSQL_ROOT_PW", "DB_PW", "ADMIN_CREDS", "dbPw", "ROOTPASS",
            "x-auth-token", "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "--db-password", "api.Credential"})
    void treats_credential_names_as_secret(String name) {
        assertThat(redactor.isSecretName(name)).isTrue();
    }

    @Test
    void redacts_a_megabyte_of_adversarial_text_in_linear_time() {
        String adversarial = ("password" + "a".repeat(50) + " -----BEGIN X----- eyJ" + "b".repeat(30) + ". ").repeat(10_000);

        // quadratic work on a megabyte takes minutes; 10 s tells that from linear on a loaded machine
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> redactor.redactText(adversarial));
    }

    @Test
    void redacts_credentials_inside_free_text() {
        String text = "I need this because password=hunter2 and the key is " + JWT + " and " + PEM;

        String redacted = redactor.redactText(text);

        assertThat(redacted).doesNotContain("hunter2", JWT, "MIIEowIBAAKCAQEAv3zKx9Qb").startsWith("I need this because");
    }

    @Test
    void recognises_a_secret_by_its_resource_when_the_object_names_no_kind() {
        JsonNode noKind = json("{'apiVersion':'v1','metadata':{'name':'db'},'data':{'username':'YWRtaW4='},'stringData':{'note':'plain'}}");

        String redacted = redactor.redact(noKind, new ResourceId("", "v1", "secrets", "")).toString();

        assertThat(redacted).doesNotContain("YWRtaW4=", "plain").contains("username", "note");
        assertThat(redactor.redact(noKind, new ResourceId("example.com", "v1", "secrets", "")).toString())
                .as("a custom group's 'secrets' is not the core Secret").contains("YWRtaW4=");
    }

    @Test
    void hides_secrets_inside_lists_and_admission_requests() {
        JsonNode list = json("{'kind':'List','items':[{'kind':'Secret','data':{'a':'c2VjcmV0LWluLWxpc3Q='}}]}");
        JsonNode review = json("{'request':{'resource':{'group':'','version':'v1','resource':'secrets'},"
                + "'object':{'data':{'a':'c2VjcmV0LWluLXJldmlldw=='}},'oldObject':{'stringData':{'b':'old-plain'}}}}");

        assertThat(redactor.redact(list).toString()).doesNotContain("c2VjcmV0LWluLWxpc3Q=");
        assertThat(redactor.redact(review).toString()).doesNotContain("c2VjcmV0LWluLXJldmlldw==", "old-plain");
    }

    @Test
    void hides_pgpass_netrc_and_docker_auths_in_configmap_data() {
        JsonNode configMap = json("{'kind':'ConfigMap','data':{'db.conf':'db:5432:orders:app:PgPassLeak1',"
                + "'netrc':'machine h login u password NetrcLeak2','config.json':'{\\'auths\\':{\\'r.io\\':"
                + "{\\'auth\\':\\'ZGVwbG95OkRvY2tlckxlYWsz\\',\\'password\\':\\'DockerLeak4\\'}}}'}}");

        String redacted = redactor.redact(configMap).toString();

        assertThat(redacted).doesNotContain("PgPassLeak1", "NetrcLeak2", "ZGVwbG95OkRvY2tlckxlYWsz", "DockerLeak4")
                .contains("db:5432:orders:app:<redacted>", "machine h login u password <redacted>", "r.io");
    }

    @Test
    void sees_through_fullwidth_letters_and_zero_width_characters() {
        assertThat(redactor.redactText("ｐａｓｓｗｏｒｄ＝FullWidth1")).doesNotContain("FullWidth1").isEqualTo("password=<redacted>");
        assertThat(redactor.redactText("DB_\u200BPW=ZeroWidth2")).doesNotContain("ZeroWidth2");
        assertThat(redactor.redactText("mysql -p\u2060Glued3")).doesNotContain("Glued3");
        assertThat(redactor.redactText("P\u0410SSWORD=Homoglyph4")).as("Cyrillic А").doesNotContain("Homoglyph4");
        assertThat(redactor.isSecretName("DB_\u0420W")).as("Cyrillic Р").isTrue();
        assertThat(redactor.redactText("Масштабировать checkout до 12 реплик")).as("one-script words stay").isEqualTo("Масштабировать checkout до 12 реплик");
    }

    @Test
    void redacting_twice_changes_nothing_more() {
        String once = redactor.redactText("app:S3cretValue1@tcp(db:3306)/x --password Pw2 -pGlued3 Authorization: Bearer Tok4");

        assertThat(redactor.redactText(once)).isEqualTo(once);
    }

    @Test
    void a_string_longer_than_the_cap_is_cut_at_a_space_before_redaction_and_says_so() {
        String text = "a ".repeat(Redactor.MAX_TEXT_CHARS / 2 - 3) + "password=CutLeak1 " + "b".repeat(100);

        String redacted = redactor.redactText(text);

        assertThat(redacted).doesNotContain("CutLeak1").endsWith("more characters not shown)");
        assertThat(redactor.redactText("x".repeat(Redactor.MAX_TEXT_CHARS + 1))).doesNotContain("xxxx");
    }

    @Test
    void redacts_strings_of_the_cap_in_bounded_time_whatever_they_repeat() {
        int n = Redactor.MAX_TEXT_CHARS;
        List<String> adversarial = List.of("machine login x ", "a:", "x=", "-p ", "redis-cli AUTH ", "auth:\n ", "htpasswd -b ",
                "echo x ", "DB_PW_X ", "https://", "aaaa-bbbb_ ", "{\"a\":", "Cookie: ", "password is ", "eyJ", "-----BEGIN X-----",
                "u:p@", "h:1:d:u:", "Bearer ", "Basic ").stream().map(unit -> unit.repeat(n / unit.length())).toList();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> adversarial.forEach(redactor::redactText));
    }

    @Test
    void hides_a_structured_value_of_a_credential_named_pair() {
        JsonNode custom = json("{'kind':'Database','spec':{'params':[{'name':'password','value':{'raw':'PairLeak1','n':[1,'PairLeak2']}},"
                + "{'name':'pool','value':{'size':5}}]}}");

        String redacted = redactor.redact(custom).toString();

        assertThat(redacted).doesNotContain("PairLeak1", "PairLeak2").contains("\"size\":5");
    }
}
