package conftool.hooks;

import conftool.client.ConfException;

/**
 * A hook could not be loaded or one of its calls failed: a syntax error, a throw, a timeout, too much memory, a
 * forbidden operation, or a return value outside the contract. The message names the hook file, the line and column,
 * the function and the member it was called for.
 */
public final class HookFailure extends ConfException {

    private final String hook;
    private final String function;
    private final String callId;

    HookFailure(String hook, String where, String function, String callId, String reason) {
        super(message(hook, where, function, callId, reason));
        this.hook = hook;
        this.function = function;
        this.callId = callId;
    }

    private static String message(String hook, String where, String function, String callId, String reason) {
        StringBuilder s = new StringBuilder("hook ").append(hook);
        if (where != null) {
            s.append(" (").append(where).append(')');
        }
        s.append(" failed");
        if (function != null) {
            s.append(" in ").append(function).append("()");
        }
        if (callId != null) {
            s.append(" for member ").append(callId);
        }
        return s.append(": ").append(reason).toString();
    }

    public String hook() {
        return hook;
    }

    /** The hook function that failed, or null when loading failed. */
    public String function() {
        return function;
    }

    /** The member the call was made for, or null. */
    public String callId() {
        return callId;
    }
}
