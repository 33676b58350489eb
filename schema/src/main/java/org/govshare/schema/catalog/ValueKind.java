package org.govshare.schema.catalog;

/** The kind of value a column field carries, which decides how it is read from JDBC and compared. */
public enum ValueKind {
    ID,
    STRING,
    INT,
    BOOLEAN,
    DATE,
    DECIMAL,
    ENUM
}
