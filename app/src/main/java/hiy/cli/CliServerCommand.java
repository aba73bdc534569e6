package hiy.cli;

import hiy.config.Settings;
import hiy.config.StartupFailure;
import hiy.server.HiyServer;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "server", description = "Run HIY: SSH door, builder, and Caddy routes. Settings come from HIY_* variables.")
final class CliServerCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("hiy: " + e.getMessage());
            return 1;
        }
        HiyServer server;
        try {
            server = HiyServer.start(settings);
        } catch (StartupFailure e) {
            System.err.println("hiy: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hiy-shutdown"));
        System.out.println(server.banner());
        stopped.await();
        return 0;
    }
}
