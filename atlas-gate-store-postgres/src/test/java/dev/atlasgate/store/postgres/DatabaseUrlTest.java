package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void postgresqlUri_becomesAJdbcUrl_withTheCredentialsApart() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://atlas:s3cr%40t@db.internal:5433/atlas_gate");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/atlas_gate");
    assertThat(url.user()).contains("atlas");
    assertThat(url.password()).contains("s3cr@t");
    assertThat(url.database()).isEqualTo("atlas_gate");
  }

  @Test
  void postgresScheme_andLibpqParameters_areUnderstood() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "postgres://gw@primary:5432,standby:5432/atlas?sslmode=require"
                + "&application_name=gw-1&target_session_attrs=read-write&connect_timeout=3");
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://primary:5432,standby:5432/atlas?sslmode=require"
                + "&ApplicationName=gw-1&targetServerType=primary&connectTimeout=3");
    assertThat(url.password()).isEmpty();
  }

  @Test
  void jdbcUrl_keepsItsParameters_butNotTheCredentials() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=pw&ssl=true");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?ssl=true");
    assertThat(url.user()).contains("postgres");
    assertThat(url.password()).contains("pw");
  }

  @Test
  void thePassword_neverShows() {
    for (String text :
        new String[] {
          "postgresql://atlas:hunter2@db:5432/atlas_gate",
          "jdbc:postgresql://db:5432/atlas_gate?user=atlas&password=hunter2",
          "postgres://db/atlas_gate?user=atlas&password=hunter2&sslpassword=hunter2"
        }) {
      DatabaseUrl url = DatabaseUrl.parse(text);
      assertThat(url.redacted()).doesNotContain("hunter2").contains("atlas").contains("****");
      assertThat(url.toString()).isEqualTo(url.redacted());
      assertThat(url.jdbcUrl()).doesNotContain("hunter2");
    }
    assertThat(DatabaseUrl.parse("postgresql://atlas:hunter2@db:5432/atlas_gate").redacted())
        .isEqualTo("postgresql://atlas:****@db:5432/atlas_gate");
  }

  @Test
  void badUrls_areRefusedWithAMessageThatNamesWhatIsWrong() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/atlas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://")
        .hasMessageContaining("\"mysql:\"")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://atlas:hunter2@db:5432"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must name a database")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> DatabaseUrl.parse("postgresql://db/atlas?target_session_attrs=any-old"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target_session_attrs");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://atlas:hun%zzter2@db/atlas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed %-escape in its password")
        .hasMessageNotContaining("zz");
    assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:postgresql:atlas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must name its host");
  }

  @Test
  void aDatabaseNameWithSpecialCharacters_isEncodedForTheDriver() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://db/atlas%20gate");
    assertThat(url.database()).isEqualTo("atlas gate");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/atlas%20gate");
  }
}
