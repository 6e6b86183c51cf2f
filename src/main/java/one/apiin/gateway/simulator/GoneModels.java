package one.apiin.gateway.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Models the simulated upstream no longer serves, as Google's Imagen 4 went: a creation for one is refused 404, "Model
 * … not found", and nothing is created. In memory and per process; set through the control API.
 */
@ApplicationScoped
class GoneModels {

    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    void add(String model) {
        gone.add(model);
    }

    void refuseIfGone(String model) {
        if (gone.contains(model)) {
            throw new SimulatorException(404, "Model " + model + " not found");
        }
    }

    void reset() {
        gone.clear();
    }
}
