package one.apiin.gateway.simulator;

import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/** Derives a task's status purely from its id and the current time. */
final class TaskProgress {

    static final String FAILURE_MESSAGE = "The simulated generation failed";

    private TaskProgress() {
    }

    /** @param imageBaseUrl absolute URL of the image endpoint, ending with a slash */
    static SimulatedTaskView view(String taskId, SimulatedTaskId task, long nowMillis, String imageBaseUrl) {
        if (task.pending()) {
            return new SimulatedTaskView(taskId, SimulatedTaskView.PENDING, null, task.model(), null, null);
        }
        long elapsed = Math.max(0, nowMillis - task.createdAtMillis());
        if (elapsed < task.durationMillis()) {
            int progress = (int) Math.min(99, elapsed * 100 / task.durationMillis());
            return new SimulatedTaskView(taskId, SimulatedTaskView.IN_PROGRESS, progress, task.model(), null, null);
        }
        if (task.failing()) {
            return new SimulatedTaskView(taskId, SimulatedTaskView.FAILED, null, task.model(), null,
                    new SimulatedTaskView.Error(FAILURE_MESSAGE));
        }
        SimulatedTaskView.Output output = task.inline() ? new SimulatedTaskView.Output(null, inlineImages(task))
                : new SimulatedTaskView.Output(imageUrls(task, imageBaseUrl));
        return new SimulatedTaskView(taskId, SimulatedTaskView.COMPLETED, 100, task.model(), output, null);
    }

    /** The pictures themselves, base64, as models that answer with b64_json send them. */
    static List<SimulatedTaskView.Inline> inlineImages(SimulatedTaskId task) {
        return IntStream.range(0, task.numImages())
                .mapToObj(i -> PictureBook.png(task.imageSeed(), i, task.width(), task.height()))
                .map(png -> new SimulatedTaskView.Inline(Base64.getEncoder().encodeToString(png)))
                .toList();
    }

    /** The status the task ends in, which is also what its callback reports. */
    static String finalStatus(SimulatedTaskId task) {
        return task.failing() ? SimulatedTaskView.FAILED : SimulatedTaskView.COMPLETED;
    }

    static List<String> imageUrls(SimulatedTaskId task, String imageBaseUrl) {
        return IntStream.range(0, task.numImages())
                .mapToObj(i -> new SimulatedImageId(task.imageSeed(), i, task.width(), task.height(),
                        task.imagesExpireAtMillis(), task.imagesReadyAtMillis()))
                .map(image -> imageBaseUrl + image.encode() + ".png")
                .toList();
    }
}
