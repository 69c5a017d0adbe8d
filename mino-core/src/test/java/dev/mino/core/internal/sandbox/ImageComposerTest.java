package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mino.core.internal.podman.ImagesApi.BuildNetwork;
import dev.mino.layers.CompositionPlan;
import dev.mino.layers.Layer;
import dev.mino.layers.LayerManifest;
import dev.mino.layers.LayerSource;
import dev.mino.network.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageComposerTest {

    private static CompositionPlan planOf(LayerSource source) {
        LayerManifest manifest = new LayerManifest(new LayerManifest.Info("tool", "a layer", "1"),
            new LayerManifest.Env(Map.of(), List.of()), LayerManifest.Cache.NONE,
            new LayerManifest.RootInstall(List.of()), LayerManifest.UserInstall.NONE);
        return CompositionPlan.of(List.of(new Layer(manifest, Optional.of("echo hi\n"), source, Optional.empty())));
    }

    @Test
    void aProjectLayerBuildsWithNoMoreNetworkThanTheSession() {
        CompositionPlan project = planOf(LayerSource.PROJECT);
        assertEquals(BuildNetwork.NONE, ImageComposer.buildNetwork(project, NetworkPolicy.none()));
        assertEquals(BuildNetwork.NONE, ImageComposer.buildNetwork(project, NetworkPolicy.allow("github.com:443")));
        assertEquals(BuildNetwork.JOINED, ImageComposer.buildNetwork(project, NetworkPolicy.bridge()));
        assertEquals(BuildNetwork.DEFAULT, ImageComposer.buildNetwork(project, NetworkPolicy.host()));
    }

    @Test
    void userAndBuiltInLayersAloneKeepTheEnginesNetwork() {
        for (LayerSource source : List.of(LayerSource.USER, LayerSource.BUILT_IN)) {
            assertEquals(BuildNetwork.DEFAULT, ImageComposer.buildNetwork(planOf(source), NetworkPolicy.none()));
            assertEquals(BuildNetwork.DEFAULT,
                ImageComposer.buildNetwork(planOf(source), NetworkPolicy.allow("github.com:443")));
        }
    }
}
