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

    /** View-models hold state and logic only: no controls, no scene graph, no toolkit thread (ADR 70). */
    @ArchTest
    static final ArchRule viewModelsKnowNoControls = noClasses()
            .that()
            .haveSimpleNameEndingWith("ViewModel")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..", "org.controlsfx..", "atlantafx..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("javafx.application.Platform");

    /** One hand-off to the UI thread: only FxUi calls Platform.runLater (ADR 70). */
    @ArchTest
    static final ArchRule onlyFxUiEntersTheFxThread = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.console..")
            .and()
            .doNotHaveSimpleName("FxUi")
            .should()
            .callMethod(javafx.application.Platform.class, "runLater", Runnable.class);

    @ArchTest
    static final ArchRule commonKnowsNoFramework = noClasses()
            .that()
            .resideInAPackage("io.rafflestars.common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.helidon..", "javafx..");
}
