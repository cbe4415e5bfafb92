package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    @Test
    void theTrainingSimulatorGetsNoneOfTheUsersCredentialsOrSettings() {
        Map<String, String> user = Map.of("PATH", "/usr/bin", "HOME", "/home/ops",
                "BW_CLIENT_ID", "ops-client", "BW_CLIENT_SECRET", "user-secret-1", "BW_PASSWORD", "user-secret-2",
                "CONF_LISTEN_PASSWORD", "user-secret-3", "CONF_PROFILE", "prod", "JAVA_TOOL_OPTIONS", "-Xmx1m");
        Map<String, String> env = TrainingRun.simulatorEnvironment(user, "training-password");
        assertFalse(env.values().stream().anyMatch(v -> v.startsWith("user-secret") || v.equals("prod")
                || v.equals("ops-client")), env.toString());
        assertFalse(env.containsKey("CONF_LISTEN_PASSWORD") || env.containsKey("CONF_PROFILE")
                || env.containsKey("JAVA_TOOL_OPTIONS"), env.toString());
        assertEquals("training-password", env.get("BW_CLIENT_SECRET"));
        assertEquals("/usr/bin", env.get("PATH"), "the rest of the environment is kept");
    }
}
