package dev.rollgate.gate.quality;

import dev.rollgate.model.WireNamed;

/** SARIF 2.1.0 result levels (§3.27.10), most severe first. */
public enum SarifLevel implements WireNamed {
    ERROR("error"), WARNING("warning"), NOTE("note"), NONE("none");

    private final String wireName;

    SarifLevel(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
