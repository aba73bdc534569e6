package hiy.commands;

import hiy.build.BuildException;
import hiy.build.BuildStrategies;
import hiy.store.Builders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "builder:set", mixinStandardHelpOptions = true,
        description = "Choose how the app's pushes are built; auto (the default) picks from the pushed files.",
        footer = {"", "Example: ssh hiy@box builder:set blog node",
                "Also:    ssh hiy@box builder:set blog dockerfile path=deploy/Dockerfile",
                "         ssh hiy@box builder:set blog image ref=localhost/busybox",
                "         ssh hiy@box builder:set docs static root=site/out",
                "         ssh hiy@box builder:set blog auto",
                "Builders: auto, dockerfile [path=PATH], pack, node, python, go, ruby, java, static [root=FOLDER], image ref=IMAGE."
                        + " It applies from the next push or deploy.",
                "Exit status: 0, 1 unknown app, builder or setting."})
final class BuilderSetCommand extends HiyCommand {
    private final Builders builders;
    private final BuildStrategies strategies;
    private final BuilderView builderView;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "BUILDER")
    String builder;

    @Parameters(index = "2", arity = "0..1", paramLabel = "KEY=VALUE")
    String pair;

    BuilderSetCommand(Builders builders, BuildStrategies strategies, BuilderView builderView) {
        this.builders = builders;
        this.strategies = strategies;
        this.builderView = builderView;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        List<String> names = strategies.names();
        if (!names.contains(builder)) {
            throw new UserError("unknown builder \"" + builder + "\": choose one of " + String.join(", ", names));
        }
        String key = null;
        String value = null;
        if (pair != null) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new UserError("\"" + pair + "\" has no '=': write KEY=VALUE, e.g. path=deploy/Dockerfile");
            key = pair.substring(0, eq);
            value = pair.substring(eq + 1);
        }
        String setting;
        try {
            setting = BuildStrategies.checkSetting(builder, key, value);
        } catch (BuildException e) {
            throw new UserError(e.getMessage());
        }
        builders.put(name, new Builders.Choice(builder, setting));
        out().println("Builder of " + name + " is now:");
        builderView.show(out(), name);
        out().println("It applies from the next push (or: ssh " + hostHint() + " deploy " + name + ").");
        return OK;
    }

    @Override protected String auditAction() { return "builder:set " + name + " " + builder + (pair == null ? "" : " " + pair); }
    @Override protected String auditApp() { return name; }
}
