package io.rafflestars.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Module boundaries as tests: the shared model stays free of server and UI frameworks. */
@AnalyzeClasses(packages = "io.rafflestars", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule commonKnowsNoFramework = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.helidon..", "javafx..", "io.rafflestars.backend..", "io.rafflestars.console..");

    @ArchTest
    static final ArchRule backendDoesNotReachIntoTheConsole = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.backend..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.rafflestars.console..", "javafx..");
}
