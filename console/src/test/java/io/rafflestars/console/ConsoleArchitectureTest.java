package io.rafflestars.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The console talks to the backend over HTTP only: it never links against backend or server code. */
@AnalyzeClasses(packages = "io.rafflestars", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleArchitectureTest {

    @ArchTest
    static final ArchRule consoleNeverDependsOnBackend = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.console..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.rafflestars.backend..", "io.helidon..");

    @ArchTest
    static final ArchRule commonKnowsNoFramework = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.helidon..", "javafx..");
}
