package dev.atlasgate.json;

/** A JSON value. */
public sealed interface Json permits JsonNull {}
