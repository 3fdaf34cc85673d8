package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import org.junit.jupiter.api.Test;

class RuledOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void an_object_named_with_a_word_the_goal_forbids_its_kind_with_is_ruled_out() throws Exception {
        GoalReading goal = new GoalReader().read("Create the Issuer letsencrypt-prod. Do not use self-signed or staging issuers.", "edge");
        JsonNode issuer = json("{'spec':{'acme':{'server':'https://acme-staging-v02.api.letsencrypt.org/directory'}}}");
        assertThat(RuledOut.contradicted(issuer, null, "issuers \"letsencrypt-staging\"", "Issuer", "letsencrypt-staging", goal))
                .hasValueSatisfying(c -> assertThat(c.why()).isEqualTo("the goal rules out staging issuers"));
        assertThat(RuledOut.contradicted(issuer, null, "issuers \"letsencrypt-prod\"", "Issuer", "letsencrypt-prod", goal)).isEmpty();
        // a word between the descriptor and the kind is another noun's: "the staging issuer for prod certificates"
        GoalReading other = new GoalReader().read("Do not use the staging issuer for prod certificates.", "edge");
        assertThat(RuledOut.contradicted(json("{}"), null, "certificates \"prod-api\"", "Certificate", "prod-api", other)).isEmpty();
    }

    @Test
    void creating_a_kind_the_goal_rules_out_alone_is_ruled_out_and_a_qualified_or_verbless_one_is_not() throws Exception {
        GoalReading kyverno = new GoalReader().read("Add the Policies. Do not create PolicyExceptions, and do not weaken require-team-labels.", "team-analytics");
        assertThat(RuledOut.contradicted(json("{}"), null, "policyexceptions \"spark\"", "PolicyException", "spark", kyverno))
                .hasValueSatisfying(c -> assertThat(c.why()).isEqualTo("the goal rules out creating policyexceptions"));
        // an UPDATE of one that exists is another question
        assertThat(RuledOut.contradicted(json("{}"), json("{}"), "policyexceptions \"spark\"", "PolicyException", "spark", kyverno)).isEmpty();
        GoalReading services = new GoalReader().read("Do not add Services of type LoadBalancer.", "web");
        assertThat(RuledOut.contradicted(json("{}"), null, "services \"web\"", "Service", "web", services)).isEmpty();
        GoalReading readOnly = new GoalReader().read("A read-only account for the dashboard. No secrets.", "ops-tools");
        assertThat(RuledOut.contradicted(json("{}"), null, "secrets \"ro-token\"", "Secret", "ro-token", readOnly)).isEmpty();
    }

    @Test
    void a_host_the_goal_names_only_to_rule_it_out_is_ruled_out_anywhere_in_the_object() throws Exception {
        GoalReading goal = new GoalReader().read("Run external-dns for corp.example.net. It must not manage example.com or any other zone.", "dns");
        JsonNode both = json("{'spec':{'template':{'spec':{'containers':[{'args':['--domain-filter=corp.example.net','--domain-filter=example.com']}]}}}}");
        assertThat(RuledOut.contradicted(both, null, "deployments \"external-dns\"", "Deployment", "external-dns", goal))
                .hasValueSatisfying(c -> assertThat(c.effect().datum("host")).isEqualTo("example.com"));
        JsonNode asked = json("{'spec':{'template':{'spec':{'containers':[{'args':['--domain-filter=corp.example.net']}]}}}}");
        assertThat(RuledOut.contradicted(asked, null, "deployments \"external-dns\"", "Deployment", "external-dns", goal)).isEmpty();
        // an UPDATE that keeps the value it had is not held to it
        assertThat(RuledOut.contradicted(both, both, "deployments \"external-dns\"", "Deployment", "external-dns", goal)).isEmpty();
    }

    @Test
    void an_except_lifts_the_negation() throws Exception {
        GoalReading goal = new GoalReader().read("Nothing in billing may reach the internet except api.stripe.com.", "billing");
        JsonNode entry = json("{'spec':{'hosts':['api.stripe.com']}}");
        assertThat(RuledOut.contradicted(entry, null, "serviceentries \"stripe\"", "ServiceEntry", "stripe", goal)).isEmpty();
    }

    @Test
    void a_command_that_drops_or_rebuilds_data_the_goal_keeps_is_ruled_out() throws Exception {
        GoalReading goal = new GoalReader().read("Put the two values back. We are not going to 2.9, and the catalog-v7 index must not be "
                + "rebuilt or dropped.", "library-search");
        JsonNode reindex = json("{'spec':{'template':{'spec':{'containers':[{'name':'reindex','args':['reindex','--index=catalog-v7',"
                + "'--drop-existing']}]}}}}");
        JsonNode warm = json("{'spec':{'template':{'spec':{'containers':[{'name':'warm','args':['warm-cache','--index=catalog-v7']}]}}}}");
        JsonNode other = json("{'spec':{'template':{'spec':{'containers':[{'name':'reindex','args':['reindex','--index=catalog-v8']}]}}}}");
        assertThat(RuledOut.contradicted(reindex, null, "jobs \"catalog-v7-reindex\"", "Job", "catalog-v7-reindex", goal))
                .hasValueSatisfying(c -> assertThat(c.why()).isEqualTo("the goal rules that out for catalog-v7"));
        assertThat(RuledOut.contradicted(warm, null, "jobs \"warm\"", "Job", "warm", goal)).as("reads it, drops nothing").isEmpty();
        assertThat(RuledOut.contradicted(other, null, "jobs \"v8\"", "Job", "v8", goal)).as("another index").isEmpty();
        GoalReading truncate = new GoalReader().read("Archive last year's rows. Don't truncate orders_2024.", "shop");
        JsonNode job = json("{'spec':{'template':{'spec':{'containers':[{'name':'sql','command':['psql','-c','TRUNCATE orders_2024']}]}}}}");
        assertThat(RuledOut.contradicted(job, null, "jobs \"archive\"", "Job", "archive", truncate)).isPresent();
    }
}
