package hiy.commands;

import hiy.sshd.HostHint;
import hiy.store.Audit;
import hiy.store.ConfigVars;
import hiy.store.Users;

/**
 * What {@link HiyCommand}'s own helpers use for every command, bound with the caller's context: which apps the caller
 * may see, the users (for "no user named …"), the app's config (to mask its values in progress lines), how users
 * reach HIY (for the commands a message tells them to run), and the audit log {@link PicoSshCommand} writes.
 * What a command's body uses it declares in its own constructor.
 */
public record Door(HostHint hostHint, AppAccess appAccess, Users users, ConfigVars config, Audit audit) {
}
