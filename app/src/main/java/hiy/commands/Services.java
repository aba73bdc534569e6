package hiy.commands;

import hiy.backup.Backups;
import hiy.build.BuildQueue;
import hiy.build.BuildStrategies;
import hiy.config.Settings;
import hiy.release.AppShapes;
import hiy.release.ExpectedProcesses;
import hiy.release.HealthChecks;
import hiy.release.ReleaseSwitch;
import hiy.release.Supervisor;
import hiy.repos.AppRepositories;
import hiy.routing.RouteTable;
import hiy.runtime.ContainerRuntime;
import hiy.secrets.BrowserSessions;
import hiy.sshd.HostHint;
import hiy.sshd.OpenSessions;
import hiy.store.Access;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.Builders;
import hiy.store.Builds;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Maintenance;
import hiy.store.NotifyTargets;
import hiy.store.Processes;
import hiy.store.Releases;
import hiy.store.Tokens;
import hiy.store.Users;
import hiy.store.Volumes;
import hiy.store.Webhooks;
import hiy.usage.UsageSampler;

/**
 * The parts of a running HIY, as {@code HiyServer} wires them at start. No command holds it: {@link Commands} makes
 * each SSH command with the parts its constructor declares. The HTTP door still takes it whole.
 */
public record Services(Settings settings, HostHint hostHint, Apps apps, Releases releases, Processes processes,
                       Formation formation, Builds builds, Users users,
                       Access access, Audit audit, ConfigVars config, Domains domains, Checks checks, Builders builders,
                       BuildStrategies strategies, Volumes volumes, Limits limits, Labels labels, AppShapes shapes,
                       Maintenance maintenance, AppAccess appAccess, AppLifecycle lifecycle, AppStatus status,
                       ContainerRuntime runtime, RouteTable routes, ReleaseSwitch releaseSwitch,
                       ExpectedProcesses expected, HealthChecks healthChecks, BuildQueue queue,
                       AppRepositories repositories, Supervisor supervisor, OpenSessions sessions,
                       Tokens tokens, Webhooks webhooks, Backups backups,
                       NotifyTargets notifyTargets, BrowserSessions browserSessions, UsageSampler usage) {
}
