package hiy.commands;

import java.util.List;
import java.util.function.Supplier;

/** Every command of the SSH door, in the order `help` lists them. Adding one is a class and a line here. */
public final class Commands {
    public static final List<Supplier<? extends HiyCommand>> ALL = List.of(
            VersionCommand::new, DoctorCommand::new,
            AppsCommand::new, AppsCreateCommand::new, AppsDestroyCommand::new, AppsRenameCommand::new, AppsReportCommand::new,
            ConfigCommand::new, ConfigGetCommand::new, ConfigSetCommand::new, ConfigUnsetCommand::new,
            DomainsCommand::new, DomainsAddCommand::new, DomainsRemoveCommand::new,
            ChecksCommand::new, ChecksSetCommand::new,
            BuilderCommand::new, BuilderSetCommand::new, BuilderDockerfileCommand::new,
            StorageCommand::new, StorageMountCommand::new, StorageUnmountCommand::new, StorageReportCommand::new,
            ResourcesCommand::new, ResourcesSetCommand::new,
            LabelsCommand::new, LabelsSetCommand::new, LabelsUnsetCommand::new,
            MaintenanceOnCommand::new, MaintenanceOffCommand::new,
            KeysCommand::new, KeysAddCommand::new, KeysRemoveCommand::new,
            AccessCommand::new, AccessGrantCommand::new, AccessRevokeCommand::new,
            TokensCommand::new, TokensCreateCommand::new, TokensRevokeCommand::new,
            WebhooksCommand::new, WebhooksSetCommand::new, WebhooksUnsetCommand::new,
            NotifyCommand::new, NotifySetCommand::new, NotifyUnsetCommand::new,
            AuditCommand::new,
            LogsCommand::new, PsCommand::new, PsScaleCommand::new, ReleasesCommand::new,
            DeployCommand::new, DeployImageCommand::new, DashboardCommand::new, DashboardLogoutAllCommand::new, RestartCommand::new, StopCommand::new, StartCommand::new, RollbackCommand::new,
            RunCommand::new,
            BackupCommand::new);

    private Commands() { }
}
