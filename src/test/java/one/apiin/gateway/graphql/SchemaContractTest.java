package one.apiin.gateway.graphql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/** The served schema must contain the shared contract: every type, field, argument and enum value, alike. */
@QuarkusTest
class SchemaContractTest {

    @Test
    void theServedSchemaContainsTheContract() throws IOException {
        assertThat(missingFrom(contractText())).isEmpty();
    }

    /** Issue 10's additions, served before the shared contract takes them in: same names and types. */
    @Test
    void theServedSchemaContainsIssue10sAdditions() throws IOException {
        assertThat(missingFrom(resource("/contract/issue-10-additions.graphqls"))).isEmpty();
    }

    /** Issue 18's addition (where an image is kept), proposed for the shared contract. */
    @Test
    void theServedSchemaContainsIssue18sAdditions() throws IOException {
        assertThat(missingFrom(resource("/contract/issue-18-additions.graphqls"))).isEmpty();
    }

    /** Issue 24's addition (the webhook signing secret), proposed for the shared contract. */
    @Test
    void theServedSchemaContainsIssue24sAdditions() throws IOException {
        assertThat(missingFrom(resource("/contract/issue-24-additions.graphqls"))).isEmpty();
    }

    private static List<String> missingFrom(String contractText) {
        TypeDefinitionRegistry contract = new SchemaParser().parse(contractText);
        TypeDefinitionRegistry served = new SchemaParser().parse(
                given().get("/graphql/schema.graphql").then().statusCode(200).extract().asString());

        List<String> missing = new ArrayList<>();
        contract.objectTypeExtensions().forEach((name, extensions) -> extensions.forEach(extension -> {
            TypeDefinition<?> mine = served.getType(name).orElse(null);
            if (!(mine instanceof ObjectTypeDefinition object)) {
                missing.add("type " + name);
            } else {
                compareFields(name, extension.getFieldDefinitions(), object.getFieldDefinitions(), missing);
            }
        }));
        for (TypeDefinition<?> type : contract.types().values()) {
            TypeDefinition<?> mine = served.getType(type.getName()).orElse(null);
            if (mine == null || mine.getClass() != type.getClass()) {
                missing.add("type " + type.getName());
            } else if (type instanceof ObjectTypeDefinition object) {
                compareFields(object.getName(), object.getFieldDefinitions(),
                        ((ObjectTypeDefinition) mine).getFieldDefinitions(), missing);
            } else if (type instanceof InputObjectTypeDefinition input) {
                compareInputs(input.getName(), input.getInputValueDefinitions(),
                        ((InputObjectTypeDefinition) mine).getInputValueDefinitions(), missing);
            } else if (type instanceof EnumTypeDefinition enumType) {
                enumType.getEnumValueDefinitions().forEach(value -> {
                    if (((EnumTypeDefinition) mine).getEnumValueDefinitions().stream()
                            .noneMatch(v -> v.getName().equals(value.getName()))) {
                        missing.add("enum value " + type.getName() + "." + value.getName());
                    }
                });
            }
        }
        contract.scalars().keySet().forEach(name -> {
            if (!served.scalars().containsKey(name)) {
                missing.add("scalar " + name);
            }
        });
        return missing;
    }

    private static void compareFields(String owner, List<FieldDefinition> wanted, List<FieldDefinition> served,
            List<String> missing) {
        for (FieldDefinition field : wanted) {
            FieldDefinition mine = served.stream().filter(f -> f.getName().equals(field.getName())).findFirst()
                    .orElse(null);
            if (mine == null || !mine.getType().isEqualTo(field.getType())) {
                missing.add(owner + "." + field.getName() + ": " + text(field.getType()));
                continue;
            }
            compareInputs(owner + "." + field.getName(), field.getInputValueDefinitions(),
                    mine.getInputValueDefinitions(), missing);
        }
    }

    private static void compareInputs(String owner, List<InputValueDefinition> wanted, List<InputValueDefinition> served,
            List<String> missing) {
        for (InputValueDefinition value : wanted) {
            boolean found = served.stream()
                    .anyMatch(v -> v.getName().equals(value.getName()) && v.getType().isEqualTo(value.getType()));
            if (!found) {
                missing.add(owner + "(" + value.getName() + ": " + text(value.getType()) + ")");
            }
        }
    }

    private static String text(graphql.language.Type<?> type) {
        return graphql.language.AstPrinter.printAst(type);
    }

    /** The shared contract beside the repository when present (as in CI), else the copy kept with the tests. */
    private static String contractText() throws IOException {
        Path shared = Path.of("..", "shared", "contract", "schema.graphqls");
        if (Files.isRegularFile(shared)) {
            return Files.readString(shared);
        }
        return resource("/contract/schema.graphqls");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaContractTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
