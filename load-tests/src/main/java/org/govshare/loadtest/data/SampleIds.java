package org.govshare.loadtest.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/** The ID numbers an in-process benchmark looks up: the same shuffled sample of the police source on every run. */
public final class SampleIds {
    private SampleIds() {}

    /** Up to {@code count} ID numbers from {@code police}'s residents, in a fixed pseudo-random order. */
    public static List<String> from(DataSource police, int count) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id_number FROM resident");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        Collections.shuffle(ids, new Random(7));
        return List.copyOf(ids.subList(0, Math.min(count, ids.size())));
    }
}
