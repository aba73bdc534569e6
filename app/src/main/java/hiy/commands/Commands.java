package hiy.commands;

import hiy.release.AppRename;
import hiy.sshd.SshCommand;

import java.util.List;
import java.util.function.Function;

/**
 * Every command of the SSH door, in the order `help` lists them, each with the parts of HIY it is made with: the
 * one place that says which command touches what. Adding one is a class and a line here.
 */
public final class Commands {
    /** A command's class (its {@code @Command} names it, read without making one) and how to make one per call. */
    public record Entry(Class<? extends HiyCommand> type, Function<Services, ? extends HiyCommand> make) {
    }

    public static final List<Entry> ALL = List.of(
            command(VersionCommand.class, p -> new VersionCommand()),
            command(DoctorCommand.class, p -> new DoctorCommand(p.settings())),
            command(AppsCommand.class, p -> new AppsCommand(p.appAccess(), p.status(), p.routes(), p.supervisor())),
            command(AppsCreateCommand.class, p -> new AppsCreateCommand(p.lifecycle(), p.routes())),
            command(AppsDestroyCommand.class, p -> new AppsDestroyCommand(p.lifecycle())),
            command(AppsRenameCommand.class,
                    p -> new AppsRenameCommand(p.apps(), p.routes(), p.repositories(), p.webhooks(), rename(p))),
            command(AppsReportCommand.class,
                    p -> new AppsReportCommand(p.releases(), p.builds(), p.runtime(), p.repositories())),
            command(ConfigCommand.class, p -> new ConfigCommand(p.config())),
            command(ConfigGetCommand.class, p -> new ConfigGetCommand(p.config())),
            command(ConfigSetCommand.class, p -> new ConfigSetCommand(p.config(), configRelease(p))),
            command(ConfigUnsetCommand.class, p -> new ConfigUnsetCommand(p.config(), configRelease(p))),
            command(DomainsCommand.class, p -> new DomainsCommand(p.routes())),
            command(DomainsAddCommand.class,
                    p -> new DomainsAddCommand(p.settings(), p.domains(), p.appAccess(), p.routes())),
            command(DomainsRemoveCommand.class, p -> new DomainsRemoveCommand(p.domains(), p.routes())),
            command(ChecksCommand.class, p -> new ChecksCommand(p.checks(), p.healthChecks())),
            command(ChecksSetCommand.class, p -> new ChecksSetCommand(p.checks(), p.healthChecks())),
            command(BuilderCommand.class, p -> new BuilderCommand(builderView(p))),
            command(BuilderSetCommand.class, p -> new BuilderSetCommand(p.builders(), p.strategies(), builderView(p))),
            command(BuilderDockerfileCommand.class,
                    p -> new BuilderDockerfileCommand(p.settings(), p.builders(), p.strategies(), p.repositories())),
            command(StorageCommand.class, p -> new StorageCommand(p.volumes(), p.runtime())),
            command(StorageMountCommand.class, p -> new StorageMountCommand(p.volumes(), p.runtime(), shapeChange(p))),
            command(StorageUnmountCommand.class,
                    p -> new StorageUnmountCommand(p.volumes(), p.runtime(), shapeChange(p))),
            command(StorageReportCommand.class, p -> new StorageReportCommand(p.volumes(), p.runtime())),
            command(ResourcesCommand.class, p -> new ResourcesCommand(p.settings(), p.releases(), p.limits())),
            command(ResourcesSetCommand.class,
                    p -> new ResourcesSetCommand(p.settings(), p.releases(), p.limits(), shapeChange(p))),
            command(LabelsCommand.class, p -> new LabelsCommand(p.labels())),
            command(LabelsSetCommand.class, p -> new LabelsSetCommand(p.labels(), shapeChange(p))),
            command(LabelsUnsetCommand.class, p -> new LabelsUnsetCommand(p.labels(), shapeChange(p))),
            command(MaintenanceOnCommand.class, p -> new MaintenanceOnCommand(maintenance(p))),
            command(MaintenanceOffCommand.class, p -> new MaintenanceOffCommand(maintenance(p))),
            command(KeysCommand.class, p -> new KeysCommand(p.users())),
            command(KeysAddCommand.class, p -> new KeysAddCommand(p.users())),
            command(KeysRemoveCommand.class, p -> new KeysRemoveCommand(p.users(), p.sessions())),
            command(AccessCommand.class, p -> new AccessCommand(p.users(), p.access())),
            command(AccessGrantCommand.class, p -> new AccessGrantCommand(p.access())),
            command(AccessRevokeCommand.class, p -> new AccessRevokeCommand(p.access(), p.sessions())),
            command(TokensCommand.class, p -> new TokensCommand(p.tokens())),
            command(TokensCreateCommand.class, p -> new TokensCreateCommand(p.routes(), p.tokens())),
            command(TokensRevokeCommand.class, p -> new TokensRevokeCommand(p.tokens())),
            command(WebhooksCommand.class, p -> new WebhooksCommand(p.routes(), p.webhooks())),
            command(WebhooksSetCommand.class, p -> new WebhooksSetCommand(p.routes(), p.webhooks())),
            command(WebhooksUnsetCommand.class, p -> new WebhooksUnsetCommand(p.webhooks())),
            command(NotifyCommand.class, p -> new NotifyCommand(p.appAccess(), p.notifyTargets())),
            command(NotifySetCommand.class, p -> new NotifySetCommand(p.notifyTargets())),
            command(NotifyUnsetCommand.class, p -> new NotifyUnsetCommand(p.notifyTargets())),
            command(AuditCommand.class, p -> new AuditCommand(p.audit())),
            command(LogsCommand.class,
                    p -> new LogsCommand(p.hostHint(), p.releases(), p.processes(), p.builds(), p.config(),
                            p.runtime())),
            command(PsCommand.class,
                    p -> new PsCommand(p.releases(), p.processes(), p.formation(), p.shapes(), p.runtime(),
                            p.supervisor())),
            command(PsScaleCommand.class, p -> new PsScaleCommand(p.releases(), p.formation(), p.releaseSwitch())),
            command(ReleasesCommand.class, p -> new ReleasesCommand(p.releases(), p.config())),
            command(DeployCommand.class, p -> new DeployCommand(p.queue(), p.repositories())),
            command(DeployImageCommand.class, p -> new DeployImageCommand(p.queue(), p.repositories(), p.builders())),
            command(DashboardCommand.class, p -> new DashboardCommand(p.settings(), p.routes(), p.browserSessions())),
            command(DashboardLogoutAllCommand.class, p -> new DashboardLogoutAllCommand(p.browserSessions())),
            command(RestartCommand.class, p -> new RestartCommand(p.releases(), p.routes(), p.releaseSwitch())),
            command(StopCommand.class, p -> new StopCommand(p.releases(), p.routes(), p.releaseSwitch())),
            command(StartCommand.class,
                    p -> new StartCommand(p.releases(), p.routes(), p.releaseSwitch(), p.expected())),
            command(RollbackCommand.class,
                    p -> new RollbackCommand(p.hostHint(), p.releases(), p.routes(), p.releaseSwitch())),
            command(RunCommand.class, p -> new RunCommand(p.releases(), p.config(), p.shapes(), p.runtime())),
            command(BackupCommand.class, p -> new BackupCommand(p.backups())));

    private Commands() { }

    /** The commands as the SSH door serves them, each call a new instance made from HIY's parts. */
    public static List<SshCommand> served(Services parts) {
        Door door = new Door(parts.hostHint(), parts.appAccess(), parts.users(), parts.config(), parts.audit());
        return ALL.stream().<SshCommand>map(e -> new PicoSshCommand(e.type(), () -> e.make().apply(parts), door))
                .toList();
    }

    private static <T extends HiyCommand> Entry command(Class<T> type, Function<Services, T> make) {
        return new Entry(type, make);
    }

    private static ShapeChange shapeChange(Services p) {
        return new ShapeChange(p.releaseSwitch(), p.routes());
    }

    private static ConfigRelease configRelease(Services p) {
        return new ConfigRelease(p.releaseSwitch(), p.routes());
    }

    private static BuilderView builderView(Services p) {
        return new BuilderView(p.builders(), p.strategies(), p.repositories(), p.settings().maxContextBytes());
    }

    private static AppRename rename(Services p) {
        return new AppRename(p.releaseSwitch(), p.apps(), p.releases(), p.builds(), p.runtime(), p.routes());
    }

    private static MaintenanceMode maintenance(Services p) {
        return new MaintenanceMode(p.maintenance(), p.routes(), p.apps(), p.releases(), p.repositories());
    }
}
