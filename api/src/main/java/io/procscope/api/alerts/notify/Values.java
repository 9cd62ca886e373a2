package io.procscope.api.alerts.notify;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A measured value as people read it in a notification. */
final class Values {

    private Values() {}

    /** {@code 3} for 3.0, {@code 91.25} for 91.2501, {@code n/a} for NaN or infinity. */
    static String shown(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return BigDecimal.valueOf(value)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The value for a JSON body: null where JSON has no number for it (NaN, infinity). */
    static Double json(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
