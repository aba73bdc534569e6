package hiy.commands;

import java.util.regex.Pattern;

/** Config keys are environment variable names; PORT and HIY_* belong to HIY. */
public final class ConfigKeys {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConfigKeys() { }

    public static String check(String key) throws UserError {
        if (!KEY.matcher(key).matches()) {
            throw new UserError("\"" + key + "\" is not a valid config key: use letters, digits and '_', not starting with a digit (e.g. DATABASE_URL)");
        }
        if (key.equals("PORT") || key.startsWith("HIY_")) {
            throw new UserError(key + " is reserved: HIY sets PORT and HIY_* itself; choose another name");
        }
        return key;
    }
}
