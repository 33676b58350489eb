package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.List;
import org.govshare.connector.plan.RowCondition;
import org.govshare.policy.model.RowFilter;

/**
 * The row filters a decision attaches to one type, as connector row conditions (part of the plan's shape) and the
 * values bound to them (parameters, never SQL text).
 */
public record RowConditions(List<RowCondition> conditions, List<Object> values) {
    public static final RowConditions NONE = new RowConditions(List.of(), List.of());

    public RowConditions {
        conditions = List.copyOf(conditions);
        values = List.copyOf(values);
    }

    public static RowConditions of(List<RowFilter> filters) {
        if (filters.isEmpty()) {
            return NONE;
        }
        List<RowCondition> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (RowFilter filter : filters) {
            switch (filter.operator()) {
                case EQUALS -> {
                    conditions.add(new RowCondition(filter.field().field(), RowCondition.Operator.EQUALS));
                    values.add(filter.value());
                }
                case STARTS_WITH -> {
                    conditions.add(new RowCondition(filter.field().field(), RowCondition.Operator.STARTS_WITH));
                    values.add(RowCondition.startsWithPattern(filter.value()));
                }
            }
        }
        return new RowConditions(conditions, values);
    }
}
