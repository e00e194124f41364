/// Every schema migration, in order. Append new ones; never edit one that has shipped.
public enum SchemaMigrations {
    public static let all: [SchemaMigration] = [.m001, .m002, .m003, .m004, .m005, .m006]

    /// The version a fully migrated database is at.
    public static var head: Int { all.last?.version ?? 0 }
}
