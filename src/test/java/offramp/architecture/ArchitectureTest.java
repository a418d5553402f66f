package offramp.architecture;

import offramp.server.Dialect;
import offramp.server.MariadbDialect;
import offramp.server.MysqlDialect;
import offramp.server.ServerVersion;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages' layering: no cycle between them, {@code server} at the bottom, and every server family and version
 * rule inside {@code server}'s dialects.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("offramp");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("offramp.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void serverIsTheGroundFloor() {
        ArchRule rule = classes().that().resideInAPackage("offramp.server..").should().onlyDependOnClassesThat(
            resideInAnyPackage("offramp.server..", "offramp.usage..").or(resideOutsideOfPackage("offramp..")))
            .because("every other package builds on server, which builds only on libraries and on the one type that"
                + " says a user's input cannot be acted on");
        rule.check(main);
        classes().that().resideInAPackage("offramp.usage..").should().onlyDependOnClassesThat(
            resideInAPackage("offramp.usage..").or(resideOutsideOfPackage("offramp..")))
            .because("bad usage is below everything").check(main);
    }

    @Test
    void serverFamiliesAndVersionsAreToldApartOnlyInTheDialects() {
        noClasses().that().resideOutsideOfPackage("offramp.server..").should().dependOnClassesThat()
            .belongToAnyOf(MysqlDialect.class, MariadbDialect.class, ServerVersion.Family.class)
            .because("callers ask the dialect what to say, not which server it is").check(main);
        noClasses().that().resideOutsideOfPackage("offramp.server..").should()
            .callMethod(ServerVersion.class, "isMariaDb")
            .orShould().callMethod(ServerVersion.class, "family")
            .orShould().callMethod(ServerVersion.class, "major")
            .orShould().callMethod(ServerVersion.class, "minor")
            .orShould().callMethod(ServerVersion.class, "patch")
            .orShould().callMethod(ServerVersion.class, "atLeast", int.class, int.class, int.class)
            .orShould().callMethod(ServerVersion.class, "isRelease", int.class, int.class)
            .orShould().callMethod(ServerVersion.class, "parse", String.class)
            .orShould().callMethod(Dialect.class, "of", String.class)
            .because("a version is parsed once, into the server's dialect, and compared only there").check(main);
    }
}
