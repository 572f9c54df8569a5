package dev.rollgate.config;

import java.math.BigDecimal;

/**
 * A quality gate's bound: a plain number (a percent, a count) or, for file sizes, a size such as
 * {@code 500MB}. Plain numbers for sizes count bytes.
 */
public record Limit(BigDecimal value, Unit unit) {

    public enum Unit { NUMBER, BYTES }

    public static Limit parse(String text) {
        String t = text.trim();
        try {
            return new Limit(new BigDecimal(t), Unit.NUMBER);
        } catch (NumberFormatException notANumber) {
            try {
                return new Limit(BigDecimal.valueOf(DataSize.parse(t).bytes()), Unit.BYTES);
            } catch (IllegalArgumentException notASize) {
                throw new IllegalArgumentException("\"" + text + "\" is neither a number nor a size such as 500MB");
            }
        }
    }

    public double asDouble() {
        return value.doubleValue();
    }

    @Override
    public String toString() {
        return unit == Unit.BYTES ? new DataSize(value.longValue()).human() : value.stripTrailingZeros().toPlainString();
    }
}
