package hiy.model;

/** What a build made: an image to run in containers, or the files of a static site for Caddy to serve. */
public sealed interface Built permits BuiltImage, BuiltSite { }
